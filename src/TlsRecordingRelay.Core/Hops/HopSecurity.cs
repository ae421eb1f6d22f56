namespace TlsRecordingRelay.Core.Hops;

/// <summary>The judgements a hop (and, minus <see cref="Internal"/>, a chain) can get: DESIGN.md "Hop analysis".</summary>
public static class HopSecurity
{
    /// <summary>The line records TLS.</summary>
    public const string Encrypted = "encrypted";

    /// <summary>A hand-off inside one host or one organisation: it does not count towards the chain verdict.</summary>
    public const string Internal = "internal";

    /// <summary>The stamper always records TLS when used, and this line records none.</summary>
    public const string Plaintext = "plaintext";

    /// <summary>Nothing recorded by a server that may not record TLS. Unknown is not insecure.</summary>
    public const string Unknown = "unknown";
}
