using static TlsRecordingRelay.Milter.Tests.Packets;

namespace TlsRecordingRelay.Milter.Tests.Server;

/// <summary>The packets of one message as Postfix sends them to a filter that asked for no intermediate replies.</summary>
internal static class Conversation
{
    public const string PlaintextHop =
        "from b.example.org (b.example.org [203.0.113.62])\n\tby mx.example.net (Postfix) with ESMTP id 2F1A; Thu, 3 Dec 2026 10:00:00 +0000";

    public const string EncryptedHop =
        "from b.example.org (b.example.org [203.0.113.62])\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n\tby mx.example.net (Postfix) with ESMTPS id 2F1A; Thu, 3 Dec 2026 10:00:00 +0000";

    /// <summary>Connect and HELO of a TLS client (the TLS macros come with the EHLO after STARTTLS).</summary>
    public static byte[][] Session(string clientAddress = "192.0.2.10") =>
    [
        Macros('C', "j", "mx.ours.example", "{daemon_name}", "smtpd", "{client_addr}", clientAddress, "{client_name}", "mail.example.net"),
        Connect("mail.example.net", '4', 40000, clientAddress),
        Macros('H', "{tls_version}", "TLSv1.3", "{cipher}", "TLS_AES_256_GCM_SHA384", "{cipher_bits}", "256"),
        Helo("mail.example.net"),
    ];

    /// <summary>One message: envelope, headers (upstream Received fields first), end of headers, final dot.</summary>
    public static byte[][] Message(string queueId, string messageId, string rcpt, string[] received, params (string Name, string Value)[] extraHeaders)
    {
        var packets = new List<byte[]>
        {
            Macros('M', "i", queueId),
            Mail("<alice@example.net>", "SIZE=100"),
            Macros('R', "i", queueId),
            Rcpt($"<{rcpt}>"),
            Macros('T', "i", queueId),
            Bare('T'),
        };
        packets.AddRange(received.Select(r => Header("Received", r)));
        packets.Add(Header("Message-ID", $"<{messageId}>"));
        packets.Add(Header("Subject", "test"));
        packets.AddRange(extraHeaders.Select(h => Header(h.Name, h.Value)));
        packets.Add(Macros('N', "i", queueId));
        packets.Add(Bare('N'));
        packets.Add(Macros('E', "i", queueId));
        packets.Add(Bare('E'));
        return [.. packets];
    }
}
