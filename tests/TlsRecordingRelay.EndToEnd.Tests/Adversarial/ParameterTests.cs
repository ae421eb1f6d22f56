using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests.Adversarial;

/// <summary>Repeated and unknown MAIL parameters, pipelined, and the recipient limit (452 4.5.3).</summary>
[Collection(RelayCollection.Name)]
public sealed class ParameterTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Bad_mail_parameters_pipelined_with_a_good_transaction_get_their_own_replies_in_order()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        var log = LogRecorder.Attach(relay);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);

        await wire.SendRawAsync(
            "MAIL FROM:<a@client.test> SIZE=1 SIZE=2\r\n" +
            "MAIL FROM:<b@client.test> FOO=bar\r\n" +
            "MAIL FROM:<c@client.test> body=8bitmime BODY=7BIT\r\n" +
            "MAIL FROM:<d@client.test> XFORWARD=1\r\n" +
            "MAIL FROM:<sender@client.test> SIZE=100\r\n" +
            "RCPT TO:" + Hostile.Recipient + "\r\n" +
            "DATA\r\n");

        Hostile.Reply(await wire.ReadReplyAsync(), 501, "5.5.4");
        Hostile.Reply(await wire.ReadReplyAsync(), 555, "5.5.4");
        Hostile.Reply(await wire.ReadReplyAsync(), 501, "5.5.4");
        Hostile.Reply(await wire.ReadReplyAsync(), 555, "5.5.4");
        Dialogue.Expect(250, await wire.ReadReplyAsync());
        Dialogue.Expect(250, await wire.ReadReplyAsync());
        Dialogue.Expect(354, await wire.ReadReplyAsync());
        await wire.SendRawAsync("Subject: x\r\n\r\ny\r\n.\r\n");
        Dialogue.Expect(250, await wire.ReadReplyAsync());

        var stored = Assert.Single(await relay.MessagesAsync());
        Assert.Equal("sender@client.test", stored.MailFrom);
        await log.WaitForAsync(1011, "repeated MAIL parameter");
        await log.WaitForAsync(1011, "unsupported MAIL parameter");
    }

    [Fact]
    public async Task A_declared_size_over_the_limit_is_refused_before_data()
    {
        await using var relay = await TestRelay.StartAsync(postgres, "--Smtp:MaxMessageBytes=4096");
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);
        Assert.Equal(552, (await wire.CommandAsync("MAIL FROM:<sender@client.test> SIZE=999999999")).Code);
        Dialogue.Expect(250, await Dialogue.SendAsync(wire, "Subject: x\r\n\r\ny\r\n.\r\n"));
    }

    [Fact]
    public async Task Recipients_past_the_limit_get_452_4_5_3_each_and_the_first_thousand_still_get_the_message()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);
        const int Limit = 1000;
        const int Extra = 60; // more than the library's hard error limit (20): it must not cut the session

        var commands = new System.Text.StringBuilder("MAIL FROM:" + Hostile.Sender + "\r\n");
        for (var i = 0; i < Limit + Extra; i++)
        {
            commands.Append($"RCPT TO:<r{i}@{TestRelay.AcceptedDomain}>\r\n");
        }

        var send = wire.SendRawAsync(commands.ToString());
        Dialogue.Expect(250, await wire.ReadReplyAsync());
        for (var i = 0; i < Limit; i++)
        {
            Dialogue.Expect(250, await wire.ReadReplyAsync());
        }

        for (var i = 0; i < Extra; i++)
        {
            Hostile.Reply(await wire.ReadReplyAsync(), 452, "4.5.3");
        }

        await send;
        Dialogue.Expect(250, await Hostile.DataAsync(wire));

        var stored = Assert.Single(await relay.MessagesAsync());
        Assert.Equal(Limit, stored.QueuedRecipients);
        Assert.Equal(0, await relay.CountAsync($"recipients WHERE address = 'r{Limit}@{TestRelay.AcceptedDomain}'"));

        // The limit is per transaction: the next one starts from zero, and a RCPT outside one is still the
        // library's out-of-sequence reply (501), not our 452.
        Assert.Equal(501, (await wire.CommandAsync("RCPT TO:" + Hostile.Recipient)).Code);
        Dialogue.Expect(250, await Dialogue.SendAsync(wire, "Subject: again\r\n\r\ny\r\n.\r\n"));
    }
}
