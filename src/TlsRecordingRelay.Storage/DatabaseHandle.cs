using System.Data.Common;
using Npgsql;

namespace TlsRecordingRelay.Storage;

/// <summary>
/// The relay's database: its connection string, the one pooled <see cref="NpgsqlDataSource"/>, and the embedded
/// cluster when this process started it (stopped on dispose; an attached or external server is left alone).
/// </summary>
public sealed class DatabaseHandle : IAsyncDisposable
{
    private readonly PostgresCluster? _cluster;

    internal DatabaseHandle(string connectionString, PostgresCluster? cluster)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Npgsql 10 probes libgssapi by default; we never use GSS, and the probe logs a harmless-looking error.
        builder.ConnectionStringBuilder.GssEncryptionMode = GssEncryptionMode.Disable;
        // Our statements are few and repeated per message (acceptance, claim, settle): prepared once per pooled
        // connection, PostgreSQL stops parsing and planning them every time (measured under load, bench/README.md).
        if (!Names(connectionString, "MaxAutoPrepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        }

        // We never change session state (no SET, no temp tables; the LISTEN connection is held until it breaks or the relay stops), so the
        // reset Npgsql sends when a pooled connection is reused is work PostgreSQL does per message for nothing.
        if (!Names(connectionString, "NoResetOnClose"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        ConnectionString = builder.ConnectionString;
        DataSource = builder.Build();
        _cluster = cluster;
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>True when the embedded server was started by this handle and is stopped by its dispose.</summary>
    public bool OwnsServer => _cluster?.OwnsServer == true;

    /// <summary>The embedded cluster's directory, or null for <c>ConnectionStrings:Reports</c>.</summary>
    public string? EmbeddedDataDirectory => _cluster?.DataDirectory;

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>Whether the connection string sets <paramref name="keyword"/> itself (then its value wins, 0/false included).</summary>
    private static bool Names(string connectionString, string keyword) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => k.Replace(" ", string.Empty, StringComparison.Ordinal).Equals(keyword, StringComparison.OrdinalIgnoreCase));
}
