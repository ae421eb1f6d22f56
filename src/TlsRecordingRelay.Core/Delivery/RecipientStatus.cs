namespace TlsRecordingRelay.Core.Delivery;

/// <summary>The <c>recipients.status</c> words: queued → (sending) → deferred → delivered | bounced.</summary>
public static class RecipientStatus
{
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Deferred = "deferred";
    public const string Delivered = "delivered";
    public const string Bounced = "bounced";
}
