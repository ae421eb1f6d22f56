using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace TlsRecordingRelay.Faults.Tests;

/// <summary>The next hop refuses connections for a while, then comes up: retries deliver everything and are recorded.</summary>
[Collection(FaultsCollection.Name)]
public sealed class NextHopOutageTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Messages = 40;

    [Fact(Timeout = 240_000)]
    public async Task Next_hop_down_then_up_delivers_everything_after_retries_and_records_each_attempt()
    {
        // Bound but not listening: connects get RST (refused) at once, and no other process can take the port
        // before the sink comes up on it.
        var hold = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        hold.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)hold.LocalEndPoint!).Port;
        LoopbackSmtpSink? sink = null;
        try
        {
            await using var rig = new FaultRig(await postgres.CreateDatabaseAsync("hopdown"), port);
            var relay = await rig.StartRelayAsync();
            await using var run = LoadDriver.Start(new LoadOptions { Target = rig.Target, Connections = 2, MessagesPerConnection = Messages / 2 });
            await run.Completion.WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(run.Accepted == Messages, run.Summary());

            // Backoff 1 s, 2 s: every recipient fails at least twice while the hop is down.
            await rig.UntilAsync(async () => await CountAsync(rig, "SELECT count(*) FROM recipients r WHERE (SELECT count(*) FROM delivery_attempts a WHERE a.recipient_ref = r.id) >= 2") == Messages,
                TimeSpan.FromSeconds(90), "two failed attempts per recipient", () => string.Empty);

            hold.Dispose();
            sink = new LoopbackSmtpSink(new SinkOptions { Port = port });
            await rig.WaitForArrivalsAsync(new SinkTally(sink), [.. run.Messages.Select(m => m.Token)], TimeSpan.FromSeconds(90));
            await rig.WaitForQueueSettledAsync(TimeSpan.FromSeconds(30));

            await using var connection = new NpgsqlConnection(rig.ConnectionString);
            var recipients = (await connection.QueryAsync<(string Status, int Attempts, long Failed, long Delivered)>(
                """
                SELECT r.status, r.attempts,
                       count(*) FILTER (WHERE a.result = 'deferred' AND a.reply_code IS NULL AND a.error LIKE 'connect to %'),
                       count(*) FILTER (WHERE a.result = 'delivered' AND a.reply_code = 250)
                FROM recipients r JOIN delivery_attempts a ON a.recipient_ref = r.id
                GROUP BY r.id, r.status, r.attempts
                """)).ToList();
            Assert.Equal(Messages, recipients.Count);
            Assert.All(recipients, r =>
            {
                Assert.Equal("delivered", r.Status);
                Assert.True(r.Failed >= 2, $"{r.Failed} failed attempts recorded");
                Assert.Equal(1, r.Delivered);
                Assert.Equal(r.Failed + r.Delivered, r.Attempts);
            });
            output.WriteLine($"attempts per recipient: {string.Join(", ", recipients.GroupBy(r => r.Attempts).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}");
            output.WriteLine("first failure: " + await connection.ExecuteScalarAsync<string>("SELECT error FROM delivery_attempts WHERE error IS NOT NULL ORDER BY id LIMIT 1"));

            // The report API tells the same story (DESIGN.md contract).
            using var http = new HttpClient { BaseAddress = relay.HttpAddress };
            var queueId = run.Messages[0].QueueId;
            var report = await http.GetFromJsonAsync<JsonElement>($"/api/reports?queueId={queueId}");
            var recipient = report.GetProperty("reports")[0].GetProperty("recipients")[0];
            Assert.Equal("delivered", recipient.GetProperty("status").GetString());
            Assert.True(recipient.GetProperty("attempts").GetInt32() >= 3);
            Assert.StartsWith("250", recipient.GetProperty("lastAttempt").GetProperty("reply").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            hold.Dispose();
            if (sink is not null)
            {
                await sink.DisposeAsync();
            }
        }
    }

    private static async Task<long> CountAsync(FaultRig rig, string sql)
    {
        await using var connection = new NpgsqlConnection(rig.ConnectionString);
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
