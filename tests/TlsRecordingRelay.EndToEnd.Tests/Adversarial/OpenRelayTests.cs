using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests.Adversarial;

/// <summary>
/// An MX-mode relay (accepted.test and *.sub.test) reached from a network that may not relay (loopback is
/// taken out of Relay:AllowedNetworks): every address trick that could make it, or the next hop, relay onward.
/// </summary>
[Collection(RelayCollection.Name)]
public sealed class OpenRelayTests(PostgresFixture postgres)
{
    private static Task<TestRelay> StartMxAsync(PostgresFixture postgres) =>
        TestRelay.StartAsync(postgres,
            "--Relay:AllowedNetworks:0=192.0.2.0/24", "--Relay:AllowedNetworks:1=2001:db8::/32", "--Relay:AcceptedDomains:1=.sub.test");

    [Theory]
    [InlineData("<victim@elsewhere.test>", 1012)]
    [InlineData("<user%elsewhere.test@accepted.test>", 1015)] // percent hack (RFC 1123 §5.2.16)
    [InlineData("<user%elsewhere.test@ACCEPTED.TEST>", 1015)]
    [InlineData("<elsewhere.test!user@accepted.test>", 1015)] // UUCP bang path
    [InlineData("<\"user@elsewhere.test\"@accepted.test>", 1015)] // quoted local part hiding an address
    [InlineData("<\"user%elsewhere.test\"@accepted.test>", 1015)]
    [InlineData("<@accepted.test:user@elsewhere.test>", 1012)] // source route: the mailbox decides (RFC 5321 §3.6.1)
    [InlineData("<@accepted.test,@sub.test:user@elsewhere.test>", 1012)]
    [InlineData("<user@[127.0.0.1]>", 1012)] // an address literal is never one of our domains
    [InlineData("<user@[IPv6:::1]>", 1012)]
    [InlineData("<user@evilaccepted.test>", 1012)]
    [InlineData("<user@accepted.test.elsewhere.test>", 1012)]
    [InlineData("<user@evilsub.test>", 1012)] // ".sub.test" covers subdomains, not names that end in "sub.test"
    [InlineData("<postmaster@elsewhere.test>", 1012)]
    public async Task A_relay_attempt_gets_554_5_7_1_is_logged_and_stores_nothing(string path, int logEvent)
    {
        await using var relay = await StartMxAsync(postgres);
        var log = LogRecorder.Attach(relay);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);
        Dialogue.Expect(250, await wire.CommandAsync("MAIL FROM:<spammer@client.test>"));

        Hostile.Reply(await wire.CommandAsync("RCPT TO:" + path), 554, "5.7.1");
        Assert.Equal(501, (await wire.CommandAsync("DATA")).Code); // no valid recipient (the library's 501, not 503/554)

        await log.WaitForAsync(logEvent);
        Assert.Equal(0, await relay.CountAsync("messages"));
        await Hostile.StillServesAsync(relay); // our own domain is still accepted from the same network
    }

    [Theory]
    [InlineData("<user@elsewhere.test@accepted.test>")]
    [InlineData("<user@accepted.test.>")] // RFC 5321 §4.1.2: a Domain does not end in a dot
    [InlineData("user@accepted.test")] // no angle brackets
    public async Task Malformed_paths_are_refused_by_the_parser(string path)
    {
        await using var relay = await StartMxAsync(postgres);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);
        Dialogue.Expect(250, await wire.CommandAsync("MAIL FROM:<spammer@client.test>"));

        Assert.Equal(502, (await wire.CommandAsync("RCPT TO:" + path)).Code); // the library's code for any parse failure
        Assert.Equal(501, (await wire.CommandAsync("DATA")).Code);
        Assert.Equal(0, await relay.CountAsync("messages"));
    }

    [Theory]
    [InlineData("<USER@ACCEPTED.TEST>", "USER@ACCEPTED.TEST")] // domains are case-insensitive (RFC 5321 §2.4)
    [InlineData("<@elsewhere.test:user@accepted.test>", "user@accepted.test")] // the route is dropped, not followed
    [InlineData("<user@deep.sub.test>", "user@deep.sub.test")]
    [InlineData("<postmaster>", "postmaster@mx.relay.test")] // RFC 5321 §4.5.1
    [InlineData("<POSTMASTER>", "postmaster@mx.relay.test")]
    [InlineData("<Postmaster@mx.relay.test>", "Postmaster@mx.relay.test")]
    public async Task Forms_that_name_a_local_mailbox_are_accepted_for_that_mailbox_only(string path, string stored)
    {
        await using var relay = await StartMxAsync(postgres);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);

        Dialogue.Expect(250, await Dialogue.SendAsync(wire, "Subject: x\r\n\r\ny\r\n.\r\n", "<someone@client.test>", path));

        var message = Assert.Single(await relay.MessagesAsync());
        Assert.Equal(1, message.QueuedRecipients);
        Assert.Equal(1, await relay.CountAsync($"recipients WHERE address = '{stored}'"));
        Assert.Contains($"for <{stored}>;", message.ReceivedHeader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postmaster_without_a_domain_is_accepted_with_its_parameters_and_pipelined()
    {
        await using var relay = await StartMxAsync(postgres);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);

        await wire.SendRawAsync("MAIL FROM:<someone@client.test>\r\nRCPT TO: <PostMaster> NOTIFY=NEVER\r\nRCPT TO:<postmaster>\r\nDATA\r\n");
        Dialogue.Expect(250, await wire.ReadReplyAsync());
        Dialogue.Expect(250, await wire.ReadReplyAsync());
        Dialogue.Expect(250, await wire.ReadReplyAsync());
        Dialogue.Expect(354, await wire.ReadReplyAsync());
        await wire.SendRawAsync("Subject: x\r\n\r\nRCPT TO:<postmaster>\r\n.\r\n");
        Dialogue.Expect(250, await wire.ReadReplyAsync());

        var message = Assert.Single(await relay.MessagesAsync());
        Assert.Equal(1, message.QueuedRecipients); // the same mailbox twice is one recipient
        Assert.EndsWith("RCPT TO:<postmaster>\r\n", System.Text.Encoding.ASCII.GetString(message.Content), StringComparison.Ordinal);
    }
}
