namespace TlsRecordingRelay.Core.Tls;

/// <summary>What is known of one TLS session: the contract's <c>tls</c> object (DESIGN.md "Contracts").</summary>
/// <param name="Version">Normalised: <c>SSLv3</c>, <c>TLSv1.0</c> … <c>TLSv1.3</c>, or null when only "TLS was used" is known.</param>
/// <param name="VersionRaw">The version exactly as printed or negotiated.</param>
/// <param name="Cipher">The cipher suite name (IANA for our own sessions, as printed for upstream hops).</param>
/// <param name="Bits">Symmetric key bits, when known.</param>
/// <param name="Verify">sendmail's verify= word: NOT, NO, OK, FAIL (or OpenSMTPD YES/NO as printed).</param>
public sealed record TlsDetails(string? Version, string? VersionRaw, string? Cipher, int? Bits, string? Verify);
