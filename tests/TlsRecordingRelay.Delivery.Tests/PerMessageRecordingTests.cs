using TlsRecordingRelay.TestSupport;
using TlsRecordingRelay.TestSupport.Smtp;

namespace TlsRecordingRelay.Delivery.Tests;

/// <summary>Outcomes are recorded message by message, so a batch cut half-way never sends its delivered part again.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PerMessageRecordingTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_message_delivered_before_its_batch_is_cut_stays_delivered_and_the_rest_goes_back_to_the_queue()
    {
        await using var db = new QueueDatabase(await postgres.CreateDatabaseAsync("permessage"));
        using var gate = new ManualResetEventSlim();
        await using var sink = new LoopbackSmtpSink(new SinkOptions
        {
            // The second message's RCPT hangs: the batch is cut after the first message got its 250.
            RecipientReply = a =>
            {
                if (a.StartsWith("stall@", StringComparison.Ordinal))
                {
                    gate.Wait(Deadline);
                }

                return "250 2.1.5 Ok";
            },
        });
        var first = await db.AcceptAsync("alice@sender.test", ["bob@example.test"]);
        var second = await db.AcceptAsync("alice@sender.test", ["stall@example.test"]);
        var node = await DeliveryNode.StartAsync(db.ConnectionString, new ShiftableTimeProvider(), new Dictionary<string, string?>
        {
            ["Delivery:Routes:*"] = $"127.0.0.1:{sink.Port}",
            ["Delivery:Workers"] = "1", // one claim holds both messages, in queue order
            ["Delivery:DrainTimeout"] = "00:00:00.300",
        });
        try
        {
            await Poll.UntilAsync(async () => (await db.StatusesAsync(first))["bob@example.test"] == "delivered", Deadline,
                "the first message recorded while the second is still on the wire");
            Assert.Equal("sending", (await db.StatusesAsync(second))["stall@example.test"]);
        }
        finally
        {
            await node.DisposeAsync();
            gate.Set();
        }

        Assert.Equal("delivered", (await db.StatusesAsync(first))["bob@example.test"]);
        Assert.Equal("deferred", (await db.StatusesAsync(second))["stall@example.test"]);
        Assert.Single(sink.Messages);
    }
}
