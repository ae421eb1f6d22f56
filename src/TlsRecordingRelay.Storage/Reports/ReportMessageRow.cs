namespace TlsRecordingRelay.Storage.Reports;

/// <summary>One messages + reports row as the report query reads it.</summary>
internal sealed class ReportMessageRow : ReportInboundRow
{
    public long Id { get; init; }

    public string QueueId { get; init; } = string.Empty;

    public int SizeBytes { get; init; }

    public string? Sni { get; init; }

    public string? Verdict { get; init; }

    public string? HopsJson { get; init; }
}
