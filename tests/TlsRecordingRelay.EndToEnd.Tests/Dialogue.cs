using System.Net;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests;

/// <summary>Steps of an SMTP dialogue that many tests share, over the raw wire.</summary>
internal static class Dialogue
{
    public static async Task<SmtpWire> OpenAsync(IPEndPoint endPoint, string helo = "client.test", bool startTls = false)
    {
        var wire = await SmtpWire.ConnectAsync(endPoint, timeout: TimeSpan.FromSeconds(20));
        Expect(220, await wire.ReadReplyAsync());
        Expect(250, await wire.CommandAsync("EHLO " + helo));
        if (startTls)
        {
            Expect(250, await wire.StartTlsAsync(helo));
        }

        return wire;
    }

    /// <summary>MAIL, RCPT, DATA, then the raw body bytes (which must include the terminator).</summary>
    public static async Task<SmtpReply> SendAsync(SmtpWire wire, string body, string from = "<sender@client.test>", string to = "<someone@" + TestRelay.AcceptedDomain + ">")
    {
        Expect(250, await wire.CommandAsync("MAIL FROM:" + from));
        Expect(250, await wire.CommandAsync("RCPT TO:" + to));
        Expect(354, await wire.CommandAsync("DATA"));
        await wire.SendRawAsync(body);
        return await wire.ReadReplyAsync();
    }

    public static void Expect(int code, SmtpReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        Assert.True(reply.Code == code, $"expected {code}, got: {reply.Text}");
    }
}
