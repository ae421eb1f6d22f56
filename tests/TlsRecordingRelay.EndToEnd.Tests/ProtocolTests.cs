using System.Text;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests;

[Collection(RelayCollection.Name)]
public sealed class ProtocolTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_greeting_names_our_host_and_not_the_library_version()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await SmtpWire.ConnectAsync(relay.StartTls);
        var greeting = await wire.ReadReplyAsync();
        Assert.Equal(220, greeting.Code);
        Assert.StartsWith("220 mx.relay.test ESMTP", greeting.Lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("11.1", greeting.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_followed_at_once_by_the_terminator_gets_an_answer()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);
        var reply = await Dialogue.SendAsync(wire, ".\r\n");
        Dialogue.Expect(250, reply);
        Dialogue.Expect(250, await wire.CommandAsync("NOOP"));
        var stored = Assert.Single(await relay.MessagesAsync());
        Assert.Empty(stored.Content);
    }

    [Fact]
    public async Task A_dot_stuffed_first_line_is_unstuffed()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);
        Dialogue.Expect(250, await Dialogue.SendAsync(wire, "..first\r\n..second\r\n.\r\n"));
        var stored = Assert.Single(await relay.MessagesAsync());
        Assert.Equal(".first\r\n.second\r\n", Encoding.ASCII.GetString(stored.Content));
    }

    [Fact]
    public async Task Mail_before_starttls_is_refused_when_tls_is_required()
    {
        await using var relay = await TestRelay.StartAsync(postgres, "--Smtp:RequireTls=true");
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);
        var mail = await wire.CommandAsync("MAIL FROM:<sender@client.test>");
        Assert.Equal(530, mail.Code);
        Assert.StartsWith("530 5.7.0 Must issue a STARTTLS command first", mail.Lines[0], StringComparison.Ordinal);

        Dialogue.Expect(250, await wire.StartTlsAsync());
        Dialogue.Expect(250, await Dialogue.SendAsync(wire, "Subject: x\r\n\r\ny\r\n.\r\n"));
    }

    [Theory]
    [InlineData("FOO=bar", 555)]
    [InlineData("BODY=BINARYMIME", 555)]
    [InlineData("RET=HDRS", 555)]
    [InlineData("BODY=8BITMIME SMTPUTF8", 250)]
    [InlineData("SIZE=1000", 250)]
    public async Task Mail_parameters_we_did_not_advertise_get_555(string parameters, int expected)
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);
        var reply = await wire.CommandAsync("MAIL FROM:<sender@client.test> " + parameters);
        Assert.Equal(expected, reply.Code);
        if (expected == 555)
        {
            Assert.StartsWith("555 5.5.4", reply.Lines[0], StringComparison.Ordinal);
            Dialogue.Expect(250, await wire.CommandAsync("MAIL FROM:<sender@client.test>")); // the session goes on
        }
    }

    [Theory]
    [InlineData("SIZE=1 SIZE=2")]
    [InlineData("BODY=8BITMIME body=7BIT")]
    public async Task A_repeated_mail_parameter_gets_501_instead_of_a_dropped_connection(string parameters)
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);
        var reply = await wire.CommandAsync("MAIL FROM:<sender@client.test> " + parameters);
        Assert.Equal(501, reply.Code);
        Assert.StartsWith("501 5.5.4", reply.Lines[0], StringComparison.Ordinal);
        Dialogue.Expect(250, await Dialogue.SendAsync(wire, "Subject: x\r\n\r\nMAIL FROM:<evil@client.test> SIZE=1 SIZE=2\r\n.\r\n"));

        var stored = Assert.Single(await relay.MessagesAsync());
        Assert.Equal("sender@client.test", stored.MailFrom);
        Assert.EndsWith("MAIL FROM:<evil@client.test> SIZE=1 SIZE=2\r\n", Encoding.ASCII.GetString(stored.Content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_proxy_command_is_refused_unless_configured()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await SmtpWire.ConnectAsync(relay.StartTls);
        Dialogue.Expect(220, await wire.ReadReplyAsync());
        var reply = await wire.CommandAsync("PROXY TCP4 198.51.100.1 192.0.2.1 12345 25");
        Assert.Equal(500, reply.Code);
        Assert.Contains("5.5.1", reply.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_over_the_session_limit_gets_421()
    {
        await using var relay = await TestRelay.StartAsync(postgres, "--Smtp:MaxSessions=2");
        await using var first = await Dialogue.OpenAsync(relay.StartTls);
        await using var second = await Dialogue.OpenAsync(relay.StartTls);
        await using var third = await SmtpWire.ConnectAsync(relay.StartTls);
        var refused = await third.ReadReplyAsync();
        Assert.Equal(421, refused.Code);
        Assert.StartsWith("421 4.3.2", refused.Lines[0], StringComparison.Ordinal);
        Assert.Null(await third.TryReadReplyAsync()); // and closed

        // A freed slot is usable again.
        Dialogue.Expect(221, await first.CommandAsync("QUIT"));
        await PollAsync(async () =>
        {
            await using var again = await SmtpWire.ConnectAsync(relay.StartTls);
            return (await again.ReadReplyAsync()).Code == 220;
        });
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_refused_with_552()
    {
        await using var relay = await TestRelay.StartAsync(postgres, "--Smtp:MaxMessageBytes=4096");
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);
        var big = "Subject: big\r\n\r\n" + string.Concat(Enumerable.Repeat(new string('x', 70) + "\r\n", 200)) + ".\r\n";
        Dialogue.Expect(250, await wire.CommandAsync("MAIL FROM:<sender@client.test>"));
        Dialogue.Expect(250, await wire.CommandAsync("RCPT TO:<someone@accepted.test>"));
        Dialogue.Expect(354, await wire.CommandAsync("DATA"));
        await wire.SendRawAsync(big);
        var reply = await wire.TryReadReplyAsync();
        Assert.NotNull(reply);
        Assert.Equal(552, reply.Code);
        Assert.Equal(0, await relay.CountAsync("messages"));
    }

    private static async Task PollAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met before the deadline");
            await Task.Delay(20);
        }
    }
}
