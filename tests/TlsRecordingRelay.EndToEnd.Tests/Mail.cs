using MimeKit;

namespace TlsRecordingRelay.EndToEnd.Tests;

/// <summary>Test messages.</summary>
internal static class Mail
{
    public static MimeMessage Simple(string to = "someone@" + TestRelay.AcceptedDomain, string? messageId = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("sender@client.test"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = "hello";
        message.MessageId = messageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId("client.test");
        message.Body = new TextPart("plain") { Text = "Just a test.\n" };
        return message;
    }
}
