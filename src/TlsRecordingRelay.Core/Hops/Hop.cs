using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>One Received field, parsed and judged: an element of the contract's <c>hops</c> array.</summary>
/// <param name="Index">0 is the topmost (newest) Received field.</param>
/// <param name="Tls">Null when the line records no encryption.</param>
/// <param name="StampedBy">The MTA family that wrote the line (knowledge base name), when recognised.</param>
/// <param name="Security">One of <see cref="HopSecurity"/>.</param>
/// <param name="DelaySeconds">This stamp's time minus the next older stamp's, when both dates are known.</param>
/// <param name="Observed">True when we stamped the line (a fact); false for upstream claims anyone can forge.</param>
/// <param name="Parsed">False when the field held nothing recognisable as a Received line.</param>
public sealed record Hop(
    int Index,
    HopEndpoint From,
    string? By,
    string? Via,
    string? With,
    string? Id,
    string? For,
    DateTimeOffset? Date,
    TlsDetails? Tls,
    string? StampedBy,
    string Security,
    string Reason,
    double? DelaySeconds,
    bool Observed,
    bool Parsed)
{
    /// <summary>The unfolded field body, kept for display and troubleshooting (not part of the JSON contract).</summary>
    public string Raw { get; init; } = string.Empty;
}
