using System.Text;
using TlsRecordingRelay.TestSupport;
using TlsRecordingRelay.TestSupport.Smtp;

namespace TlsRecordingRelay.EndToEnd.Tests.Adversarial;

/// <summary>
/// SMTP smuggling (SEC Consult, Dec 2023; CVE-2023-51764/5/6): an end-of-data sequence that one server
/// treats as the end and another does not lets a second, forged transaction ride inside the first.
/// Every variant, the NUL trick, and what reaches the next hop (these replace ProtocolTests' first smuggling tests).
/// </summary>
[Collection(RelayCollection.Name)]
public sealed class SmugglingTests(PostgresFixture postgres)
{
    private const string Forged = "MAIL FROM:<ceo@accepted.test>\r\nRCPT TO:<victim@accepted.test>\r\nDATA\r\nFrom: ceo@accepted.test\r\n\r\nforged\r\n";

    public static TheoryData<string, string> Payloads => new()
    {
        { "LF.LF", "Subject: s\r\n\r\nline1\n.\n" + Forged },
        { "LF.CRLF", "Subject: s\r\n\r\nline1\n.\r\n" + Forged },
        { "CR.CRLF", "Subject: s\r\n\r\nline1\r.\r\n" + Forged },
        { "CRLF.CR", "Subject: s\r\n\r\nline1\r\n.\r" + Forged },
        { "CRLF.LF", "Subject: s\r\n\r\nline1\r\n.\n" + Forged },
        { "dot-LF at start", ".\n" + Forged },
        { "dot-CR at start", ".\r" + Forged },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task Every_smuggling_variant_is_refused_with_550_5_5_2_and_nothing_is_smuggled(string name, string payload)
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        var log = LogRecorder.Attach(relay);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);

        var reply = await Dialogue.SendAsync(wire, payload + "\r\n.\r\n");

        Hostile.Reply(reply, 550, "5.5.2");
        Dialogue.Expect(250, await wire.CommandAsync("RSET")); // exactly one reply came: no forged MAIL/RCPT/DATA was run
        Assert.Equal(0, await relay.CountAsync("messages"));
        await log.WaitForAsync(1011, "bare CR or LF");
        var queueId = await Hostile.StillServesAsync(relay);
        var only = Assert.Single(await relay.MessagesAsync());
        Assert.True(only.QueueId == queueId, name);
    }

    [Theory]
    [InlineData("line1\r\n\0.\r\n")]
    [InlineData("line1\r\n.\0\r\n")]
    [InlineData("li\0ne1\r\n")]
    public async Task Nul_bytes_in_data_are_refused_whatever_the_line_ending_policy(string payload)
    {
        foreach (var policy in new[] { "Reject", "Normalize" })
        {
            await using var relay = await TestRelay.StartAsync(postgres, $"--Smtp:BareLineEndings={policy}");
            var log = LogRecorder.Attach(relay);
            await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);

            var reply = await Dialogue.SendAsync(wire, "Subject: s\r\n\r\n" + payload + Forged + "\r\n.\r\n");

            Hostile.Reply(reply, 550, "5.6.0");
            Dialogue.Expect(250, await wire.CommandAsync("RSET"));
            Assert.Equal(0, await relay.CountAsync("messages"));
            await log.WaitForAsync(1011, "NUL");
            await Hostile.StillServesAsync(relay);
        }
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task With_normalize_each_variant_is_one_message_with_one_recipient_and_no_bare_line_ending(string name, string payload)
    {
        await using var relay = await TestRelay.StartAsync(postgres, "--Smtp:BareLineEndings=Normalize");
        await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);

        Dialogue.Expect(250, await Dialogue.SendAsync(wire, payload + "\r\n.\r\n"));
        Dialogue.Expect(250, await wire.CommandAsync("RSET"));

        var stored = Assert.Single(await relay.MessagesAsync());
        Assert.True(stored.MailFrom == "sender@client.test", name);
        Assert.Equal(1, stored.QueuedRecipients); // the forged RCPT TO:<victim> is content, not envelope
        Assert.Equal(1, await relay.CountAsync("recipients"));
        Assert.False(Core.Acceptance.LineEndings.HasBare(stored.Content), name);
        var content = Encoding.Latin1.GetString(stored.Content);
        Assert.Contains("forged\r\n", content, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\r", content, StringComparison.Ordinal); // a bare CR became one CRLF, not CR CRLF
    }

    [Fact]
    public async Task A_normalised_smuggling_attempt_reaches_the_next_hop_as_one_transaction()
    {
        await using var sink = new LoopbackSmtpSink();
        await using var relay = await TestRelay.StartAsync(postgres,
            "--Smtp:BareLineEndings=Normalize", "--Delivery:Workers=1", $"--Delivery:Routes:*=127.0.0.1:{sink.Port}", "--TlsPolicy:Default=may");
        await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);

        // After normalisation the stored bytes hold CRLF "." CRLF in the middle: delivery must dot-stuff it.
        Dialogue.Expect(250, await Dialogue.SendAsync(wire, "Subject: s\r\n\r\nline1\n.\n" + Forged + "\r\n.\r\n"));

        await Poll.UntilAsync(async () => await relay.CountAsync("recipients WHERE status = 'delivered'") == 1,
            TimeSpan.FromSeconds(60), "the relay to finish delivering");
        var delivered = Assert.Single(sink.Messages);
        Assert.Equal(1, sink.DataCommands);
        Assert.Equal(["someone@accepted.test"], delivered.Recipients);
        var data = Encoding.Latin1.GetString(delivered.Data);
        Assert.Contains("line1\r\n.\r\nMAIL FROM:<ceo@accepted.test>\r\n", data, StringComparison.Ordinal);
        Assert.EndsWith("forged\r\n\r\n", data, StringComparison.Ordinal);
    }
}
