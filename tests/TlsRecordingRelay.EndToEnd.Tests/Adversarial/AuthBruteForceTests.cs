using System.Text;
using TlsRecordingRelay.Smtp.Auth;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests.Adversarial;

/// <summary>Password guessing: three failures end the session (MaxAuthenticationAttempts), each is logged, nothing is relayed.</summary>
[Collection(RelayCollection.Name)]
public sealed class AuthBruteForceTests(PostgresFixture postgres)
{
    private static string Plain(string user, string password) =>
        "AUTH PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));

    [Fact]
    public async Task Three_wrong_passwords_end_the_session_and_each_is_logged()
    {
        await using var relay = await TestRelay.StartAsync(postgres,
            "--Relay:AllowedNetworks:0=192.0.2.0/24", $"--Smtp:Users:alice={PasswordHash.Create("s3cret")}");
        var log = LogRecorder.Attach(relay);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);

        Assert.Equal(535, (await wire.CommandAsync(Plain("alice", "guess1"))).Code);
        Assert.Equal(535, (await wire.CommandAsync(Plain("alice", "guess2"))).Code);
        await wire.SendRawAsync(Plain("alice", "guess3") + "\r\n");
        var replies = await Hostile.RepliesUntilClosedAsync(wire);

        // The library's own texts: "535 authentication failed, 0 attempt(s) remaining." then "221 bye", closed.
        Assert.Equal([535, 221], replies.Select(r => r.Code));
        Assert.Equal(3, log.Entries.Count(e => e.EventId == 1014 && e.Message.Contains("alice", StringComparison.Ordinal)));
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains("guess", StringComparison.Ordinal)); // never a password
        await Hostile.StillServesAsync(relay);
    }

    [Fact]
    public async Task Failed_guesses_in_one_session_leave_it_unable_to_relay()
    {
        await using var relay = await TestRelay.StartAsync(postgres,
            "--Relay:AllowedNetworks:0=192.0.2.0/24", $"--Smtp:Users:alice={PasswordHash.Create("s3cret")}");
        await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);

        Assert.Equal(535, (await wire.CommandAsync(Plain("alice", "wrong"))).Code);
        Assert.Equal(535, (await wire.CommandAsync(Plain("bob", "s3cret"))).Code);
        Dialogue.Expect(250, await wire.CommandAsync("MAIL FROM:" + Hostile.Sender));
        Hostile.Reply(await wire.CommandAsync("RCPT TO:<victim@elsewhere.test>"), 554, "5.7.1");
        Assert.Equal(0, await relay.CountAsync("messages"));
    }

    [Fact]
    public async Task Auth_is_not_offered_and_not_accepted_before_tls()
    {
        await using var relay = await TestRelay.StartAsync(postgres,
            "--Relay:AllowedNetworks:0=192.0.2.0/24", $"--Smtp:Users:alice={PasswordHash.Create("s3cret")}");
        var log = LogRecorder.Attach(relay);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);

        var reply = await wire.CommandAsync(Plain("alice", "s3cret"));

        Assert.InRange(reply.Code, 500, 599); // a correct password over plaintext must not authenticate
        Dialogue.Expect(250, await wire.CommandAsync("MAIL FROM:" + Hostile.Sender));
        Hostile.Reply(await wire.CommandAsync("RCPT TO:<victim@elsewhere.test>"), 554, "5.7.1");
        Assert.DoesNotContain(log.Entries, e => e.EventId == 1014);
    }

    [Fact]
    public async Task An_initial_response_that_is_not_base64_gets_501_5_5_2_and_the_session_goes_on()
    {
        await using var relay = await TestRelay.StartAsync(postgres, $"--Smtp:Users:alice={PasswordHash.Create("s3cret")}");
        await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);

        Hostile.Reply(await wire.CommandAsync("AUTH PLAIN !!!not-base64!!!"), 501, "5.5.2");
        Hostile.Reply(await wire.CommandAsync("AUTH LOGIN @@@"), 501, "5.5.2");
        Assert.Equal(235, (await wire.CommandAsync(Plain("alice", "s3cret"))).Code);
        Dialogue.Expect(250, await Dialogue.SendAsync(wire, "Subject: x\r\n\r\ny\r\n.\r\n"));
        Assert.Equal("alice", Assert.Single(await relay.MessagesAsync()).AuthenticatedUser);
    }

    [Theory]
    [InlineData("AUTH LOGIN\r\n!!!not-base64!!!\r\n")]
    [InlineData("AUTH PLAIN\r\n*\r\n")]
    public async Task A_malformed_auth_continuation_ends_only_that_session(string exchange)
    {
        await using var relay = await TestRelay.StartAsync(postgres, $"--Smtp:Users:alice={PasswordHash.Create("s3cret")}");
        await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);

        await wire.SendRawAsync(exchange);

        // The library faults on it (RFC 4954 wants 501, and "*" is a cancel): the 334 prompt, then the
        // connection closes. Known limitation (NOTES.md); what matters here is that nobody else notices.
        Assert.Equal([334], (await Hostile.RepliesUntilClosedAsync(wire)).Select(r => r.Code));
        await Hostile.StillServesAsync(relay);
    }
}
