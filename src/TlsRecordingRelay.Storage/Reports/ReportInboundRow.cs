using System.Text.Json;
using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Storage.Reports;

/// <summary>The columns a message row and a milter row share: the message and how it came in.</summary>
internal abstract class ReportInboundRow
{
    public string? MessageId { get; init; }

    public DateTime ReceivedAt { get; init; }

    public string MailFrom { get; init; } = string.Empty;

    public string ClientIp { get; init; } = string.Empty;

    public int? ClientPort { get; init; }

    public string? ClientHelo { get; init; }

    public string? ClientRdns { get; init; }

    public string WithProtocol { get; init; } = string.Empty;

    public string? TlsJson { get; init; }

    public string? AuthenticatedUser { get; init; }

    /// <summary><see cref="ReceivedAt"/>, which is stored in UTC, marked as such.</summary>
    public DateTime ReceivedAtUtc() => DateTime.SpecifyKind(ReceivedAt, DateTimeKind.Utc);

    public InboundClient ToClient() => new(ClientIp, ClientPort ?? 0, ClientHelo, ClientRdns);

    public TlsDetails? ReadTls() => TlsJson is null ? null : JsonSerializer.Deserialize(TlsJson, StorageJsonContext.Default.TlsDetails);
}
