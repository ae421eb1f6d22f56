namespace TlsRecordingRelay.Storage.Reports;

/// <summary>One milter_reports row as the report query reads it.</summary>
internal sealed class ReportMilterRow : ReportInboundRow
{
    public Guid SessionId { get; init; }

    public string? MtaQueueId { get; init; }

    public string? MtaHostname { get; init; }

    public string? DaemonName { get; init; }

    public string RecipientsJson { get; init; } = "[]";

    public string? ClientCertificateSubject { get; init; }

    public string? ClientCertificateIssuer { get; init; }

    public string MtaReceived { get; init; } = string.Empty;

    public string UpstreamJson { get; init; } = "[]";

    public string Verdict { get; init; } = "unknown";

    public string HopsJson { get; init; } = "[]";

    public string Action { get; init; } = string.Empty;

    public string? AddedHeader { get; init; }
}
