namespace TlsRecordingRelay.Storage.Reports;

/// <summary>One milter_reports row as the report query reads it.</summary>
internal sealed class ReportMilterRow
{
    public Guid SessionId { get; init; }

    public string? MtaQueueId { get; init; }

    public string? MtaHostname { get; init; }

    public string? DaemonName { get; init; }

    public string? MessageId { get; init; }

    public DateTime ReceivedAt { get; init; }

    public string MailFrom { get; init; } = string.Empty;

    public string RecipientsJson { get; init; } = "[]";

    public string ClientIp { get; init; } = string.Empty;

    public int? ClientPort { get; init; }

    public string? ClientHelo { get; init; }

    public string? ClientRdns { get; init; }

    public string WithProtocol { get; init; } = string.Empty;

    public string? TlsJson { get; init; }

    public string? ClientCertificateSubject { get; init; }

    public string? ClientCertificateIssuer { get; init; }

    public string? AuthenticatedUser { get; init; }

    public string MtaReceived { get; init; } = string.Empty;

    public string UpstreamJson { get; init; } = "[]";

    public string Verdict { get; init; } = "unknown";

    public string HopsJson { get; init; } = "[]";

    public string Action { get; init; } = string.Empty;

    public string? AddedHeader { get; init; }
}
