namespace TlsRecordingRelay.Storage;

/// <summary>How to run a private PostgreSQL cluster.</summary>
/// <param name="DataDirectory">The cluster directory (PGDATA) wanted; the unix socket lives inside it. May move to a fallback (see <see cref="ClusterPlacement"/>).</param>
/// <param name="BinDirectory">Where initdb and pg_ctl are; null or empty to search (see <see cref="PostgresBinaries"/>).</param>
/// <param name="Durable">
/// True for the relay: fsync stays on, because our 250 reply promises the message survives a power cut.
/// False only for tests (testing__ setting): fsync and full_page_writes off, initdb --no-sync. Commits still reach the
/// kernel, so they survive an immediate stop of the server (not a power cut).
/// </param>
public sealed record PostgresClusterSettings(string DataDirectory, string? BinDirectory = null, bool Durable = true);
