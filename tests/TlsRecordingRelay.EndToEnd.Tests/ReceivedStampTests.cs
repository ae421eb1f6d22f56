using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests;

[Collection(RelayCollection.Name)]
public sealed class ReceivedStampTests(PostgresFixture postgres)
{
    private const string Body = "Subject: stamp\r\nMessage-ID: <stamp-1@client.test>\r\n\r\nbody\r\n.\r\n";

    [Fact]
    public async Task The_stamp_matches_the_contract_byte_for_byte_apart_from_id_and_date()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using (var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true))
        {
            Dialogue.Expect(250, await Dialogue.SendAsync(wire, Body));
        }

        var stored = Assert.Single(await relay.MessagesAsync());
        var contract = new Regex(
            "^Received: from client\\.test \\(\\[127\\.0\\.0\\.1\\]\\)\r\n"
            + "\tby mx\\.relay\\.test \\(TlsRecordingRelay/1\\.0\\) with ESMTPS id (?<id>[0-9A-Z]{14})\r\n"
            + "\t\\(version=TLSv1\\.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT\\)\r\n"
            + "\ttls TLS_AES_256_GCM_SHA384\r\n"
            + "\tfor <someone@accepted\\.test>; (?<date>(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000)\r\n$");
        var match = contract.Match(stored.ReceivedHeader);
        Assert.True(match.Success, "stamp was:\n" + stored.ReceivedHeader);
        Assert.Equal(stored.QueueId, match.Groups["id"].Value);
        Assert.Equal("stamp-1@client.test", stored.MessageId);
        Assert.Equal("Subject: stamp\r\nMessage-ID: <stamp-1@client.test>\r\n\r\nbody\r\n", Encoding.ASCII.GetString(stored.Content));
    }

    [Theory]
    [InlineData("EHLO", "a(b)c.client.test")]
    [InlineData("EHLO", "x")]
    [InlineData("MAIL", "<\"a)(b\\\"c\"@client.test>")]
    [InlineData("RCPT", "<\"x(y)<z>;\"@accepted.test>")]
    [InlineData("EHLO", "LONG")]
    [InlineData("MAIL", "LONG")]
    public async Task Hostile_client_text_never_breaks_out_of_the_one_received_field(string where, string value)
    {
        if (value == "LONG")
        {
            value = where == "EHLO" ? new string('h', 2000) + ".test" : "<" + new string('l', 2000) + "@client.test>";
        }

        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await SmtpWire.ConnectAsync(relay.StartTls, timeout: TimeSpan.FromSeconds(20));
        Dialogue.Expect(220, await wire.ReadReplyAsync());
        var ehlo = await wire.CommandAsync("EHLO " + (where == "EHLO" ? value : "client.test"));
        if (ehlo.Code != 250)
        {
            Assert.InRange(ehlo.Code, 500, 599); // refused outright: nothing to stamp
            return;
        }

        var mail = await wire.CommandAsync("MAIL FROM:" + (where == "MAIL" ? value : "<sender@client.test>"));
        var rcpt = mail.Code == 250 ? await wire.CommandAsync("RCPT TO:" + (where == "RCPT" ? value : "<someone@accepted.test>")) : mail;
        if (rcpt.Code != 250)
        {
            Assert.InRange(rcpt.Code, 500, 599);
            Assert.Equal(0, await relay.CountAsync("messages"));
            return;
        }

        Dialogue.Expect(354, await wire.CommandAsync("DATA"));
        await wire.SendRawAsync(Body);
        Dialogue.Expect(250, await wire.ReadReplyAsync());

        var stored = Assert.Single(await relay.MessagesAsync());
        var stamp = stored.ReceivedHeader;
        var lines = stamp.Split("\r\n")[..^1];
        Assert.StartsWith("Received: ", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.True(l.StartsWith('\t'), "a continuation line must start with a tab: " + l));
        Assert.All(lines, l => Assert.True(l.Length <= 998, "RFC 5322 line limit"));
        Assert.DoesNotContain('\r', string.Concat(lines));
        Assert.DoesNotContain('\n', string.Concat(lines));
        Assert.Equal(stamp.Count(c => c == '('), stamp.Count(c => c == ')'));

        var parsed = MimeMessage.Load(new MemoryStream([.. Encoding.Latin1.GetBytes(stamp), .. stored.Content]));
        Assert.Single(parsed.Headers, h => h.Id == HeaderId.Received);
        Assert.Equal("stamp", parsed.Subject);
    }
}
