namespace TlsRecordingRelay.Core.Hops;

/// <summary>What the operator tells the hop analyzer; everything defaults to the embedded data and trusts nothing.</summary>
public sealed record HopAnalyzerSettings
{
    /// <summary>
    /// Networks the operator declares its own (CIDR such as <c>10.0.0.0/8</c>, or one address): a hop whose
    /// peer address is inside one is internal, as SpamAssassin's <c>trusted_networks</c> judges relays by address.
    /// </summary>
    public IReadOnlyList<string> TrustedNetworks { get; init; } = [];

    /// <summary>
    /// Host names the operator declares its own (<c>mx.example.org</c>; <c>.example.org</c> covers subdomains): a
    /// hop is internal when both its sender (the reverse-DNS name its stamper printed) and its <c>by</c> host are
    /// trusted. Names never make an observed hop internal: the client controls its own PTR record.
    /// </summary>
    public IReadOnlyList<string> TrustedHosts { get; init; } = [];

    /// <summary>Null for the embedded config/mta-knowledge.json.</summary>
    public MtaKnowledgeBase? KnowledgeBase { get; init; }

    /// <summary>Null for the embedded config/public_suffix_list.dat.</summary>
    public PublicSuffixList? PublicSuffixList { get; init; }
}
