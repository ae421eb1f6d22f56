using System.Diagnostics;
using TlsRecordingRelay.TestSupport;
using TlsRecordingRelay.TestSupport.Smtp;
using Xunit.Abstractions;

namespace TlsRecordingRelay.Delivery.Tests;

/// <summary>Several relay processes on one database: SKIP LOCKED leases give each recipient to exactly one of them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedDatabaseTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task Two_delivery_hosts_on_one_database_deliver_500_recipients_each_exactly_once()
    {
        await using var db = new QueueDatabase(await postgres.CreateDatabaseAsync("twohosts"));
        await using var sink = new LoopbackSmtpSink(new SinkOptions { Certificate = TestCertificates.SelfSigned("sink.test") });
        var expected = new List<string>();
        for (var m = 0; m < 100; m++)
        {
            var recipients = Enumerable.Range(0, 5).Select(r => $"r{m:D3}-{r}@example.test").ToList();
            expected.AddRange(recipients);
            await db.AcceptAsync("alice@sender.test", recipients);
        }

        var settings = new Dictionary<string, string?>
        {
            ["Delivery:Routes:*"] = $"127.0.0.1:{sink.Port}",
            ["TlsPolicy:Default"] = "may",
            ["Delivery:Workers"] = "3",
            ["Delivery:BatchSize"] = "10",
        };
        var clock = Stopwatch.StartNew();
        await using (var first = await DeliveryNode.StartAsync(db.ConnectionString, new ShiftableTimeProvider(), settings))
        await using (var second = await DeliveryNode.StartAsync(db.ConnectionString, new ShiftableTimeProvider(), settings))
        {
            await Poll.UntilAsync(async () => await db.ScalarAsync("SELECT count(*) FROM recipients WHERE status = 'delivered'") == 500,
                TimeSpan.FromSeconds(120), "500 deliveries");
        }

        var delivered = sink.Messages.SelectMany(m => m.Recipients).ToList();
        Assert.Equal(500, delivered.Count);
        Assert.Equal(expected.Order(), delivered.Order());
        Assert.Equal(500, await db.ScalarAsync("SELECT count(*) FROM delivery_attempts WHERE result = 'delivered'"));
        Assert.Equal(500, await db.ScalarAsync("SELECT count(*) FROM delivery_attempts"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM recipients WHERE attempts <> 1"));
        var perNode = await db.QueryAsync<(string Node, long Count)>(
            "SELECT split_part(worker, '/', 1), count(*) FROM delivery_attempts GROUP BY 1 ORDER BY 1");
        output.WriteLine($"500 recipients in {clock.Elapsed.TotalSeconds:F2} s, {sink.Messages.Count} messages, {sink.Sessions} SMTP sessions; per node: "
            + string.Join(", ", perNode.Select(n => n.Count)));
    }
}
