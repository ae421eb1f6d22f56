using TlsRecordingRelay.Delivery.Sending;

namespace TlsRecordingRelay.Delivery.Tests;

public sealed class SmtpReplyTextTests
{
    [Theory]
    [InlineData("2.0.0 Ok: queued as 97AF7B1FB84", "2.0.0", "97AF7B1FB84")]           // Postfix
    [InlineData("OK id=1vQx2a-0001Xy-3b", null, "1vQx2a-0001Xy-3b")]                  // Exim
    [InlineData("5.1.1 <bob@example.test>: Recipient address rejected", "5.1.1", null)]
    [InlineData("4.7.0 TLS required", "4.7.0", null)]
    [InlineData("Ok", null, null)]
    [InlineData("2.0.0", "2.0.0", null)]
    public void Enhanced_status_and_remote_queue_id_are_read_from_reply_text(string text, string? status, string? queueId)
    {
        Assert.Equal(status, SmtpReplyText.EnhancedStatus(text));
        Assert.Equal(queueId, SmtpReplyText.RemoteQueueId(text));
    }
}
