using System.Text;
using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Storage.Tests;

/// <summary>A realistic accepted message for the repository tests.</summary>
internal static class TestMessages
{
    public static AcceptedMessage Create(DateTime? receivedAtUtc = null, IReadOnlyList<string>? recipients = null) => new()
    {
        QueueId = QueueId.New(DateTime.UtcNow),
        SessionId = Guid.NewGuid(),
        MessageId = "abc." + Guid.NewGuid().ToString("N") + "@sender.example",
        ReceivedAtUtc = receivedAtUtc ?? new DateTime(2026, 12, 3, 18, 45, 35, 123, DateTimeKind.Utc),
        MailFrom = "alice@sender.example",
        MailParameters = new Dictionary<string, string> { ["SIZE"] = "1234", ["BODY"] = "8BITMIME" },
        Recipients = recipients ?? ["bob@ours.example", "carol@ours.example"],
        Client = new InboundClient("192.0.2.10", 40123, "mail.sender.example", null),
        WithProtocol = "ESMTPS",
        Tls = new TlsDetails("TLSv1.3", "Tls13", "TLS_AES_256_GCM_SHA384", 256, null),
        Sni = "mx.ours.example",
        AuthenticatedUser = null,
        ReceivedHeader = "Received: from mail.sender.example (mail.sender.example [192.0.2.10])\r\n\tby mx.ours.example; Thu, 03 Dec 2026 18:45:35 +0000\r\n",
        Content = Encoding.UTF8.GetBytes("Subject: hi\r\nMessage-ID: <x@y>\r\n\r\nbody \u00e9\0\u00ff\r\n"),
        UpstreamReceived = ["from a by b with ESMTP id 1; Thu, 03 Dec 2026 18:45:30 +0000"],
        Verdict = null,
        HopsJson = null,
    };
}
