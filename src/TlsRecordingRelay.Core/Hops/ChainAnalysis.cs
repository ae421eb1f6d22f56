namespace TlsRecordingRelay.Core.Hops;

/// <summary>The verdict over a message's Received chain and the hops it rests on.</summary>
/// <param name="Verdict"><c>encrypted</c>, <c>plaintext</c> or <c>unknown</c> (see <see cref="HopSecurity"/>).</param>
/// <param name="Hops">Newest first: index 0 is the topmost Received field.</param>
/// <param name="VerdictReason">A sentence saying why, naming the plaintext hop when there is one.</param>
/// <param name="PlaintextHopIndex">The newest plaintext hop between organisations, or null.</param>
public sealed record ChainAnalysis(string Verdict, IReadOnlyList<Hop> Hops, string VerdictReason, int? PlaintextHopIndex)
{
    public static ChainAnalysis Empty { get; } = new(HopSecurity.Unknown, [], "the header block holds no Received field", null);
}
