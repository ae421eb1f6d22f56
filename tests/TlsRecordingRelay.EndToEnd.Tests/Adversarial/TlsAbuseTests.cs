using System.Diagnostics;
using System.Security.Cryptography;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests.Adversarial;

/// <summary>Garbage instead of a ClientHello, a ClientHello that never comes, and plaintext injected after STARTTLS.</summary>
[Collection(RelayCollection.Name)]
public sealed class TlsAbuseTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Garbage_after_starttls_ends_that_session_only()
    {
        await using var relay = await TestRelay.StartAsync(postgres, "--Smtp:MaxSessions=1");
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);
        Dialogue.Expect(220, await wire.CommandAsync("STARTTLS"));

        await wire.SendRawAsync(RandomNumberGenerator.GetBytes(4096));

        Assert.Empty(Hostile.SmtpOnly(await Hostile.RepliesUntilClosedAsync(wire))); // at most a TLS alert
        await Hostile.EventuallyServesAsync(relay, Generous);
        Assert.Equal(1, await relay.CountAsync("messages"));
    }

    [Theory]
    [InlineData("EHLO plaintext.test\r\n")]
    [InlineData("\x16\x03\x01\x00\x05hello")]
    public async Task Garbage_on_the_implicit_tls_port_ends_that_session_only(string garbage)
    {
        await using var relay = await TestRelay.StartAsync(postgres, "--Smtp:MaxSessions=1", "--Smtp:ImplicitTlsPort=0");
        await using var wire = await SmtpWire.ConnectAsync(relay.ImplicitTls);

        await wire.SendRawAsync(garbage);

        Assert.Empty(Hostile.SmtpOnly(await Hostile.RepliesUntilClosedAsync(wire)));
        await Hostile.EventuallyServesAsync(relay, Generous);
    }

    [Fact]
    public async Task A_client_hello_that_never_comes_holds_the_slot_only_until_the_session_timeout()
    {
        await using var relay = await TestRelay.StartAsync(postgres,
            "--Smtp:MaxSessions=1", "--Smtp:ImplicitTlsPort=0", "--Smtp:SessionTimeout=00:00:05");
        await using var staller = await SmtpWire.ConnectAsync(relay.ImplicitTls);
        var clock = Stopwatch.StartNew();
        await SlowClientTests.AssertSlotTakenAsync(relay);

        // Our session timeout says 421 4.4.2 (in plaintext: there is no TLS yet) and hangs up.
        Assert.All(Hostile.SmtpOnly(await Hostile.RepliesUntilClosedAsync(staller)), r => Hostile.Reply(r, 421, "4.4.2"));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), Generous);
        await Hostile.EventuallyServesAsync(relay, Generous);
    }

    [Fact]
    public async Task A_stalled_handshake_after_starttls_holds_the_slot_only_until_the_session_timeout()
    {
        await using var relay = await TestRelay.StartAsync(postgres, "--Smtp:MaxSessions=1", "--Smtp:SessionTimeout=00:00:05");
        await using var staller = await Dialogue.OpenAsync(relay.StartTls);
        Dialogue.Expect(220, await staller.CommandAsync("STARTTLS"));
        await SlowClientTests.AssertSlotTakenAsync(relay);

        Assert.All(Hostile.SmtpOnly(await Hostile.RepliesUntilClosedAsync(staller)), r => Hostile.Reply(r, 421, "4.4.2"));
        await Hostile.EventuallyServesAsync(relay, Generous);
    }

    [Fact]
    public async Task Commands_pipelined_after_starttls_are_discarded_not_run_inside_tls()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);

        // RFC 3207 §4.2 and CVE-2011-0411: plaintext sent after STARTTLS in the same packet must be thrown away.
        await wire.SendRawAsync(
            "STARTTLS\r\nMAIL FROM:<injected@evil.test>\r\nRCPT TO:<victim@accepted.test>\r\nDATA\r\nSubject: injected\r\n\r\nx\r\n.\r\n");
        Dialogue.Expect(220, await wire.ReadReplyAsync());
        await wire.UpgradeAsync();

        Dialogue.Expect(250, await wire.CommandAsync("EHLO client.test")); // the first reply inside TLS is EHLO's
        // No MAIL survived. (The library answers a command out of sequence 501, not RFC 5321's 503.)
        Assert.Equal(501, (await wire.CommandAsync("RCPT TO:" + Hostile.Recipient)).Code);
        Assert.Equal(501, (await wire.CommandAsync("DATA")).Code);
        Assert.Equal(0, await relay.CountAsync("messages"));

        Dialogue.Expect(250, await Dialogue.SendAsync(wire, "Subject: real\r\n\r\ny\r\n.\r\n"));
        var stored = Assert.Single(await relay.MessagesAsync());
        Assert.Equal("sender@client.test", stored.MailFrom);
        Assert.Equal(1, stored.QueuedRecipients);
    }
}
