namespace TlsRecordingRelay.Core.Dashboard;

/// <summary>Reads the encryption dashboard's aggregates (the port behind <c>GET /domains</c>).</summary>
public interface IEncryptionDashboardReader
{
    /// <summary>
    /// Per recipient domain and per sending organisation, over messages received in the last <paramref name="days"/>
    /// days (counted back from the database's clock); busiest first.
    /// </summary>
    Task<EncryptionDashboard> ReadAsync(int days, CancellationToken cancellationToken);
}
