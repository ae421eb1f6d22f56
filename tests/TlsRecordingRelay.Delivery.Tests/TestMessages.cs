using System.Text;
using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Delivery.Tests;

/// <summary>Messages as the queue hands them to the sender.</summary>
internal static class TestMessages
{
    public const string ReceivedHeader = "Received: from client.test (client.test [127.0.0.1])\r\n\tby relay.test (TlsRecordingRelay/1.0) with ESMTPS id 4XyZ12AbC\r\n\tfor <bob@example.test>; Thu, 03 Dec 2026 18:45:35 +0000\r\n";

    private static long _ids = 1000;

    public static byte[] Simple(string subject = "hello") => Encoding.ASCII.GetBytes(
        $"From: alice@sender.test\r\nTo: bob@example.test\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@sender.test>\r\n\r\nHello.\r\n");

    /// <summary>What breaks naive relays: an 8-bit body without Content-Transfer-Encoding, a 2,000-character line, a DKIM signature, a leading-dot line.</summary>
    public static byte[] Awkward()
    {
        var text = new StringBuilder()
            .Append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=sender.test; s=sel;\r\n")
            .Append("\th=from:to:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n")
            .Append("\tb=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZQ==\r\n")
            .Append("From: =?utf-8?q?J=C3=B6rg?= <joerg@sender.test>\r\n")
            .Append("To: bob@example.test\r\n")
            .Append("Subject:   spaced   \r\n")
            .Append("X-No-Space:value\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n")
            .Append("\r\n")
            .Append("Grüße aus Köln — ünïcödé without a transfer encoding.\r\n")
            .Append(new string('x', 2000)).Append("\r\n")
            .Append(".a line starting with a dot\r\n")
            .Append("..two dots\r\n")
            .Append("end\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static ClaimedMessage Claimed(byte[] content, string mailFrom, params string[] recipients) => new()
    {
        Id = Interlocked.Increment(ref _ids),
        QueueId = "Q" + Interlocked.Read(ref _ids),
        MessageId = null,
        MailFrom = mailFrom,
        ReceivedAtUtc = DateTime.UtcNow,
        ReceivedHeader = ReceivedHeader,
        Content = content,
        Recipients = [.. recipients.Select(r => new ClaimedRecipient(Interlocked.Increment(ref _ids), r, 1))],
    };
}
