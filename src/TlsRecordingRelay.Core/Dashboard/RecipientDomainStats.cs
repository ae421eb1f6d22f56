namespace TlsRecordingRelay.Core.Dashboard;

/// <summary>Outbound encryption towards one recipient domain: how its recipients were delivered.</summary>
/// <param name="Messages">Distinct messages with at least one recipient in the domain.</param>
/// <param name="Recipients">Envelope recipients in the domain (a message to two of them counts twice).</param>
/// <param name="DeliveredWithTls">Delivered recipients whose delivering session was TLS.</param>
/// <param name="Verified">Of those, the ones whose certificate chain and name were verified.</param>
/// <param name="TlsPolicyDeferrals">Attempts deferred with an RFC 3463 4.7.x status (TLS required but not possible).</param>
/// <param name="Versions">TLS versions of the delivering sessions.</param>
public sealed record RecipientDomainStats(
    string Domain,
    int Messages,
    int Recipients,
    int Delivered,
    int Bounced,
    int DeliveredWithTls,
    int Verified,
    int TlsPolicyDeferrals,
    TlsVersionCounts Versions)
{
    /// <summary>Recipients not delivered or bounced yet (queued, deferred, being sent).</summary>
    public int Pending => Recipients - Delivered - Bounced;

    public int DeliveredInPlaintext => Delivered - DeliveredWithTls;
}
