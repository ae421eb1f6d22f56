using System.Text;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests.Adversarial;

/// <summary>Hostile command arguments: CR/LF/parentheses in HELO and addresses, 10 KB values, 1 MB lines.</summary>
[Collection(RelayCollection.Name)]
public sealed class CommandLineTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("evil\nX-Injected: yes")]
    [InlineData("evil\rX-Injected: yes")]
    [InlineData("evil) by trusted.example (")]
    [InlineData("evil;by trusted.example")]
    [InlineData("a;b<c>")]
    public async Task Hostile_helo_text_cannot_add_a_header_or_escape_the_received_comment(string helo)
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await SmtpWire.ConnectAsync(relay.StartTls);
        Dialogue.Expect(220, await wire.ReadReplyAsync());
        Dialogue.Expect(250, await wire.CommandAsync("EHLO " + helo)); // the parser keeps the leading domain only
        Dialogue.Expect(250, await Dialogue.SendAsync(wire, "Subject: x\r\n\r\ny\r\n.\r\n"));

        var stored = Assert.Single(await relay.MessagesAsync());
        var stamp = stored.ReceivedHeader;
        Assert.DoesNotContain("X-Injected", stamp, StringComparison.Ordinal);
        Assert.DoesNotContain("trusted.example", stamp, StringComparison.Ordinal);
        var lines = stamp.TrimEnd('\r', '\n').Split("\r\n");
        Assert.StartsWith("Received: from ", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("\t", l, StringComparison.Ordinal)); // one header, folded
        Assert.Equal(stamp.Count(c => c == '('), stamp.Count(c => c == ')'));
        Assert.DoesNotContain('\n', stored.ClientHelo ?? string.Empty);
        Assert.DoesNotContain('\r', stored.ClientHelo ?? string.Empty);
    }

    [Theory]
    [InlineData("EHLO")]
    [InlineData("HELO")]
    public async Task A_helo_name_over_255_octets_gets_501_and_is_not_echoed(string verb)
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await SmtpWire.ConnectAsync(relay.StartTls);
        Dialogue.Expect(220, await wire.ReadReplyAsync());

        var reply = await wire.CommandAsync($"{verb} {new string('a', 10 * 1024)}.test");

        Hostile.Reply(reply, 501, "5.5.4");
        Assert.All(reply.Lines, l => Assert.True(l.Length <= 512, "RFC 5321 §4.5.3.1.5: reply lines up to 512 octets"));
        Dialogue.Expect(250, await wire.CommandAsync("EHLO client.test"));
        Dialogue.Expect(250, await Dialogue.SendAsync(wire, "Subject: x\r\n\r\ny\r\n.\r\n"));
        Assert.Equal("client.test", Assert.Single(await relay.MessagesAsync()).ClientHelo);
    }

    [Fact]
    public async Task Paths_over_256_octets_get_501_and_are_not_stored()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        var log = LogRecorder.Attach(relay);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);
        var huge = new string('a', 10 * 1024);

        Hostile.Reply(await wire.CommandAsync($"MAIL FROM:<{huge}@client.test>"), 501, "5.1.7");
        Dialogue.Expect(250, await wire.CommandAsync("MAIL FROM:" + Hostile.Sender));
        Hostile.Reply(await wire.CommandAsync($"RCPT TO:<{huge}@{TestRelay.AcceptedDomain}>"), 501, "5.1.3");
        Dialogue.Expect(250, await wire.CommandAsync("RCPT TO:" + Hostile.Recipient));
        Dialogue.Expect(250, await Hostile.DataAsync(wire));

        var stored = Assert.Single(await relay.MessagesAsync());
        Assert.Equal("sender@client.test", stored.MailFrom);
        Assert.Equal(1, await relay.CountAsync("recipients"));
        Assert.Equal(0, await relay.CountAsync($"recipients WHERE length(address) > 256"));
        await log.WaitForAsync(1011, "forward-path over 256 octets");
    }

    [Theory]
    [InlineData("MAIL FROM:<a(b)c@client.test>")]
    [InlineData("MAIL FROM:<a\0b@client.test>")]
    [InlineData("MAIL FROM:<a\rb@client.test>")]
    public async Task A_sender_with_parentheses_or_controls_is_refused_by_the_parser(string command)
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);

        // The library answers every unparsable command 502 (not 501): see NOTES.md "Known limitations".
        Assert.Equal(502, (await wire.CommandAsync(command)).Code);
        Dialogue.Expect(250, await Dialogue.SendAsync(wire, "Subject: x\r\n\r\ny\r\n.\r\n"));
        Assert.Equal("sender@client.test", Assert.Single(await relay.MessagesAsync()).MailFrom);
    }

    [Theory]
    [InlineData("<x)(y@accepted.test>")]
    [InlineData("<x\ny@accepted.test>")]
    public async Task A_recipient_with_parentheses_or_a_bare_lf_is_refused_and_never_reaches_the_stamp(string path)
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);
        Dialogue.Expect(250, await wire.CommandAsync("MAIL FROM:" + Hostile.Sender));

        Assert.Equal(502, (await wire.CommandAsync("RCPT TO:" + path)).Code);
        Dialogue.Expect(250, await wire.CommandAsync("RCPT TO:" + Hostile.Recipient));
        Dialogue.Expect(250, await Hostile.DataAsync(wire));

        var stored = Assert.Single(await relay.MessagesAsync());
        Assert.Contains("for <someone@accepted.test>;", stored.ReceivedHeader, StringComparison.Ordinal);
        Assert.Equal(1, stored.QueuedRecipients);
    }

    [Fact]
    public async Task A_one_megabyte_command_line_gets_500_5_5_2_and_the_session_goes_on()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        var log = LogRecorder.Attach(relay);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);

        // Written while the replies are read: a server that stopped reading must not deadlock the test.
        var send = wire.SendRawAsync("MAIL FROM:<" + new string('a', 1024 * 1024) + "@client.test>\r\nNOOP\r\n");
        var tooLong = await wire.ReadReplyAsync();
        await send;

        Hostile.Reply(tooLong, 500, "5.5.2");
        Dialogue.Expect(250, await wire.ReadReplyAsync()); // NOOP, in order
        Dialogue.Expect(250, await Dialogue.SendAsync(wire, "Subject: x\r\n\r\ny\r\n.\r\n"));
        Assert.Equal("sender@client.test", Assert.Single(await relay.MessagesAsync()).MailFrom);
        await log.WaitForAsync(1016);
    }

    [Fact]
    public async Task A_command_line_that_never_ends_is_dropped_as_it_arrives_not_buffered()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        // 64 MiB, more than MaxMessageBytes (25 MiB), with no LF: the relay reads it all without keeping it.
        var chunk = Encoding.ASCII.GetBytes(new string('x', 1024 * 1024));
        for (var i = 0; i < 64; i++)
        {
            await wire.SendRawAsync(chunk);
        }

        var during = GC.GetTotalMemory(forceFullCollection: true);
        await wire.SendRawAsync("\r\n");
        Hostile.Reply(await wire.ReadReplyAsync(), 500, "5.5.2");
        Dialogue.Expect(250, await wire.CommandAsync("NOOP"));
        Assert.True(during - before < 32 * 1024 * 1024, $"live heap grew by {(during - before) / 1024 / 1024} MiB while a line streamed in");
        await Hostile.StillServesAsync(relay);
    }
}
