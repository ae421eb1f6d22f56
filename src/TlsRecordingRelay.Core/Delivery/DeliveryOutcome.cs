namespace TlsRecordingRelay.Core.Delivery;

/// <summary>
/// The result of one delivery attempt for one recipient, as data (mox <c>smtpclient.Error</c>, chasquid
/// <c>(error, permanent)</c>): success, a temporary failure to retry, or a permanent one to bounce.
/// </summary>
/// <param name="Delivered">The next hop accepted responsibility (2xx after DATA).</param>
/// <param name="Permanent">A 5xx or equivalent: retrying cannot help, bounce now.</param>
/// <param name="ReplyCode">The SMTP reply code from the remote server, or null when none was received.</param>
/// <param name="EnhancedStatus">RFC 3463 status such as <c>4.7.5</c>; ours when the remote gave none.</param>
/// <param name="Detail">The remote reply text or our own explanation.</param>
public sealed record DeliveryOutcome(bool Delivered, bool Permanent, int? ReplyCode, string EnhancedStatus, string Detail)
{
    public static DeliveryOutcome Success(int replyCode, string enhancedStatus, string detail) =>
        new(true, false, replyCode, enhancedStatus, detail);

    public static DeliveryOutcome Temporary(string enhancedStatus, string detail, int? replyCode = null) =>
        new(false, false, replyCode, enhancedStatus, detail);

    public static DeliveryOutcome Failure(string enhancedStatus, string detail, int? replyCode = null) =>
        new(false, true, replyCode, enhancedStatus, detail);

    /// <summary>Classifies a remote reply by its first digit (RFC 5321 §4.2.1).</summary>
    public static DeliveryOutcome FromReply(int replyCode, string? enhancedStatus, string text)
    {
        var fallback = replyCode switch
        {
            >= 200 and < 300 => "2.0.0",
            >= 500 => "5.0.0",
            _ => "4.0.0",
        };
        var status = enhancedStatus ?? fallback;
        return replyCode switch
        {
            >= 200 and < 300 => Success(replyCode, status, text),
            >= 500 and < 600 => Failure(status, text, replyCode),
            _ => Temporary(status, text, replyCode),
        };
    }
}
