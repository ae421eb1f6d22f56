using System.Text;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests.Adversarial;

/// <summary>Thousands of pipelined commands (RFC 2920) in one write: answered in order, others still served.</summary>
[Collection(RelayCollection.Name)]
public sealed class PipeliningFloodTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Eight_thousand_pipelined_commands_are_answered_in_order_while_another_client_is_served()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true);
        const int Rounds = 2000;
        var flood = new StringBuilder();
        for (var i = 0; i < Rounds; i++)
        {
            flood.Append($"RSET\r\nMAIL FROM:<s{i}@client.test>\r\nRCPT TO:<r{i}@{TestRelay.AcceptedDomain}>\r\nNOOP\r\n");
        }

        // Written while the replies are read: neither side may stall the other.
        var send = wire.SendRawAsync(flood.ToString());
        var bystander = Task.Run(() => Hostile.StillServesAsync(relay));
        for (var i = 0; i < Rounds * 4; i++)
        {
            var reply = await wire.ReadReplyAsync();
            Assert.True(reply.Code == 250, $"reply {i}: {reply.Text}");
        }

        await send;
        var bystanderQueueId = await bystander;
        Dialogue.Expect(250, await Hostile.DataAsync(wire));

        var stored = await relay.MessagesAsync();
        Assert.Equal(2, stored.Count);
        var flooded = Assert.Single(stored, m => m.QueueId != bystanderQueueId);
        Assert.Equal($"s{Rounds - 1}@client.test", flooded.MailFrom); // every RSET took effect, in order
        Assert.Equal(1, flooded.QueuedRecipients);
    }

    [Fact]
    public async Task A_flood_of_unknown_commands_is_cut_off_at_the_hard_error_limit()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);

        var send = Task.Run(async () =>
        {
            try
            {
                await wire.SendRawAsync(string.Concat(Enumerable.Repeat("XYZZY\r\n", 5000)));
            }
            catch (IOException)
            {
                // the relay hung up on us mid-write: that is the point
            }
        });
        var replies = await Hostile.RepliesUntilClosedAsync(wire);
        await send;

        // MaxRetryCount (Postfix's smtpd_hard_error_limit, 20): the relay stops answering and hangs up. A reset
        // may swallow the last replies in flight, hence "at most".
        Assert.InRange(replies.Count, 1, 20);
        Assert.All(replies, r => Assert.Equal(502, r.Code));
        await Hostile.StillServesAsync(relay);
    }
}
