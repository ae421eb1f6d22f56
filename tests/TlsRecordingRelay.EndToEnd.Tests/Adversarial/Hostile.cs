using System.Net.Sockets;
using System.Text;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests.Adversarial;

/// <summary>What every adversarial test checks after the attack: exact replies, and a relay still serving.</summary>
internal static class Hostile
{
    public const string Sender = "<sender@client.test>";

    public const string Recipient = "<someone@" + TestRelay.AcceptedDomain + ">";

    /// <summary>The reply's code and enhanced code (RFC 3463), e.g. <c>Reply(r, 550, "5.5.2")</c>.</summary>
    public static void Reply(SmtpReply? reply, int code, string enhanced)
    {
        Assert.NotNull(reply);
        var last = reply.Lines[^1];
        Assert.True(reply.Code == code && last.StartsWith($"{code} {enhanced}", StringComparison.Ordinal),
            $"expected {code} {enhanced}, got: {reply.Text}");
    }

    /// <summary>
    /// A fresh client gets 220 and can send a message over STARTTLS: the attack did not take the process,
    /// or its only session slot, with it. Returns the queue id.
    /// </summary>
    public static async Task<string> StillServesAsync(TestRelay relay)
    {
        await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);
        var reply = await Dialogue.SendAsync(wire, "Subject: after the attack\r\n\r\nstill here\r\n.\r\n", Sender, Recipient);
        Dialogue.Expect(250, reply);
        Dialogue.Expect(221, await wire.CommandAsync("QUIT"));
        return reply.Lines[^1].Split(' ')[^1];
    }

    /// <summary>Like <see cref="StillServesAsync"/>, but waits (with a deadline) for a slot the attack held to be freed.</summary>
    public static async Task<string> EventuallyServesAsync(TestRelay relay, TimeSpan within)
    {
        string? queueId = null;
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    queueId = await StillServesAsync(relay);
                    return true;
                }
                catch (Exception e) when (e is Xunit.Sdk.XunitException or IOException)
                {
                    return false; // 421 4.3.2: the slot is still held
                }
            },
            within,
            "a free session slot");
        return queueId!;
    }

    /// <summary>The replies that are SMTP replies (a TLS alert read as text has no reply code).</summary>
    public static List<SmtpReply> SmtpOnly(IEnumerable<SmtpReply> replies) => replies.Where(r => r.Code != 0).ToList();

    /// <summary>DATA, the body (terminator included), and the reply to it, once MAIL and RCPT are done.</summary>
    public static async Task<SmtpReply> DataAsync(SmtpWire wire, string body = "Subject: x\r\n\r\ny\r\n.\r\n")
    {
        Dialogue.Expect(354, await wire.CommandAsync("DATA"));
        await wire.SendRawAsync(body);
        return await wire.ReadReplyAsync();
    }

    /// <summary>Reads replies until the server closes the connection (or the deadline passes).</summary>
    public static async Task<List<SmtpReply>> RepliesUntilClosedAsync(SmtpWire wire)
    {
        var replies = new List<SmtpReply>();
        while (true)
        {
            try
            {
                if (await wire.TryReadReplyAsync() is not { } reply)
                {
                    return replies;
                }

                replies.Add(reply);
            }
            catch (SocketException)
            {
                return replies;
            }
        }
    }

    public static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);
}
