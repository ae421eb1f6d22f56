using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Core.Reports;

/// <summary>One stored hop of a report (the contract's hop object read back), for rendering.</summary>
public sealed record ReportHop
{
    public int Index { get; init; }

    public ReportHopEndpoint From { get; init; } = new(null, null, null);

    public string? By { get; init; }

    public string? With { get; init; }

    public string? Date { get; init; }

    public TlsDetails? Tls { get; init; }

    public string? StampedBy { get; init; }

    /// <summary>encrypted, internal, plaintext or unknown.</summary>
    public string Security { get; init; } = "unknown";

    public string Reason { get; init; } = string.Empty;

    public double? DelaySeconds { get; init; }

    /// <summary>True for hops we saw ourselves (our stamp, the session into us); false for upstream claims.</summary>
    public bool Observed { get; init; }

    public bool Parsed { get; init; } = true;
}
