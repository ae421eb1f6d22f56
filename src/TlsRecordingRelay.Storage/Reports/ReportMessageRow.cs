namespace TlsRecordingRelay.Storage.Reports;

/// <summary>One messages + reports row as the report query reads it.</summary>
internal sealed class ReportMessageRow
{
    public long Id { get; init; }

    public string QueueId { get; init; } = string.Empty;

    public string? MessageId { get; init; }

    public DateTime ReceivedAt { get; init; }

    public string MailFrom { get; init; } = string.Empty;

    public int SizeBytes { get; init; }

    public string ClientIp { get; init; } = string.Empty;

    public int? ClientPort { get; init; }

    public string? ClientHelo { get; init; }

    public string? ClientRdns { get; init; }

    public string WithProtocol { get; init; } = string.Empty;

    public string? TlsJson { get; init; }

    public string? Sni { get; init; }

    public string? AuthenticatedUser { get; init; }

    public string? Verdict { get; init; }

    public string? HopsJson { get; init; }
}
