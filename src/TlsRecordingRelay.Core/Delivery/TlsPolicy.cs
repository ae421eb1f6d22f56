namespace TlsRecordingRelay.Core.Delivery;

/// <summary>
/// How much transport security delivery to a recipient domain demands, ordered weakest to strongest
/// (chasquid's security levels) so a comparison such as <c>policy &gt;= TlsPolicy.Encrypt</c> reads as
/// "TLS is mandatory". Names and meanings follow Postfix <c>smtp_tls_security_level</c>.
/// </summary>
public enum TlsPolicy
{
    /// <summary>Never STARTTLS, even when offered: for peers whose TLS is known broken.</summary>
    None = 0,

    /// <summary>
    /// Opportunistic (RFC 3207 as deployed): STARTTLS when offered, any certificate accepted, because an
    /// unauthenticated encrypted hop still beats plaintext against passive eavesdroppers. A failed
    /// handshake is recorded and the message retried once in plaintext.
    /// </summary>
    May = 1,

    /// <summary>TLS mandatory, certificate not checked: defeats passive eavesdropping only, never plaintext.</summary>
    Encrypt = 2,

    /// <summary>TLS mandatory with a valid chain (system roots or the configured CA file) and a matching name.</summary>
    Verify = 3,
}
