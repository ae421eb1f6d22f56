namespace TlsRecordingRelay.Core.Dashboard;

/// <summary>
/// Inbound encryption from one sending organisation (see <see cref="SendingOrganisation"/>): how its messages reached
/// us, and what their Received chains say about the hops before.
/// </summary>
/// <param name="TlsChainEncrypted">Over TLS into us, and every earlier hop between organisations encrypted.</param>
/// <param name="TlsChainUnknown">Over TLS into us; some earlier hop's encryption cannot be told.</param>
/// <param name="TlsChainPlaintext">Over TLS into us, but an earlier hop between organisations was plaintext.</param>
/// <param name="Plaintext">Into us without TLS.</param>
/// <param name="Versions">TLS versions of the sessions into us.</param>
public sealed record SendingOrganisationStats(
    string Organisation,
    int Messages,
    int TlsChainEncrypted,
    int TlsChainUnknown,
    int TlsChainPlaintext,
    int Plaintext,
    TlsVersionCounts Versions)
{
    public int WithTls => TlsChainEncrypted + TlsChainUnknown + TlsChainPlaintext;

    public SendingOrganisationStats Add(SendingOrganisationStats other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with
        {
            Messages = Messages + other.Messages,
            TlsChainEncrypted = TlsChainEncrypted + other.TlsChainEncrypted,
            TlsChainUnknown = TlsChainUnknown + other.TlsChainUnknown,
            TlsChainPlaintext = TlsChainPlaintext + other.TlsChainPlaintext,
            Plaintext = Plaintext + other.Plaintext,
            Versions = Versions.Add(other.Versions),
        };
    }
}
