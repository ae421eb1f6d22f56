namespace TlsRecordingRelay.Storage.Dashboard;

/// <summary>One recipient domain's counts as the dashboard query returns them.</summary>
internal sealed class RecipientDomainRow
{
    public string Domain { get; init; } = string.Empty;

    public int Messages { get; init; }

    public int Recipients { get; init; }

    public int Delivered { get; init; }

    public int Bounced { get; init; }

    public int DeliveredWithTls { get; init; }

    public int Verified { get; init; }

    public int TlsPolicyDeferrals { get; init; }

    public int Tls13 { get; init; }

    public int Tls12 { get; init; }

    public int TlsOlder { get; init; }

    public int TlsUnnamed { get; init; }
}
