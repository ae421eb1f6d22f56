namespace TlsRecordingRelay.Core.Hops;

/// <summary>Everything the judge looks at for one hop: the parsed line and what was derived from it.</summary>
internal readonly record struct HopFacts(
    ReceivedLine Line,
    HopEndpoint From,
    TlsEvidence? Tls,
    MtaFamily? Family,
    string? PreviousBy,
    bool Observed);
