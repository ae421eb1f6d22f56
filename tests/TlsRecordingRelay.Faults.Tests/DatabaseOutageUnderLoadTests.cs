namespace TlsRecordingRelay.Faults.Tests;

/// <summary>PostgreSQL killed under load: a PostgreSQL server of its own, since the test stops it.</summary>
public sealed class DatabaseOutageUnderLoadTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    [SkippableFact(Timeout = 300_000)]
    public async Task PostgreSQL_stopped_under_load_answers_451_never_5xx_loses_nothing_acknowledged_and_recovers_by_itself()
    {
        Skip.IfNot(postgres.CanStopServer, "needs a PostgreSQL server this test may stop (TLSRELAY_TEST_DB is someone else's)");
        await using var sink = new LoopbackSmtpSink();
        var tally = new SinkTally(sink);
        await using var rig = new FaultRig(await postgres.CreateDatabaseAsync("pgdown"), sink.Port);
        // A lease far longer than the outage: a worker that cannot record a delivery keeps retrying while the lease is
        // its own, so not even the message on the wire when PostgreSQL died goes out twice.
        var relay = await rig.StartRelayAsync("--Delivery:Lease=00:01:00");

        await using var run = LoadDriver.Start(new LoadOptions { Target = rig.Target, Connections = 6, MessagesPerConnection = 5000 });
        int acceptedAtStop, acceptedAtRestart;
        try
        {
            await rig.UntilAsync(() => run.Accepted >= 300, TimeSpan.FromSeconds(120), "the load to be under way", run.Summary);
            await postgres.StopServerAsync(); // pg_ctl stop -m immediate: the crash case, no goodbye to clients
            acceptedAtStop = run.Accepted;
            try
            {
                await rig.UntilAsync(() => run.Count(MessageOutcome.Deferred) >= 50, TimeSpan.FromSeconds(60), "clients to be told to retry", run.Summary);
            }
            finally
            {
                await postgres.StartServerAsync();
            }

            // The same relay process, never restarted: its connection pool must find the new server by itself.
            acceptedAtRestart = run.Accepted;
            await rig.UntilAsync(() => run.Accepted >= acceptedAtRestart + 300, TimeSpan.FromSeconds(120), "acceptance to recover", run.Summary);
        }
        finally
        {
            await run.StopAsync();
        }

        output.WriteLine(run.Summary());
        output.WriteLine($"accepted {acceptedAtStop} before the stop, {acceptedAtRestart} when PostgreSQL was back, {run.Accepted} in all");
        Assert.False(relay.HasExited, "the relay survived the outage");
        Assert.Empty(run.FiveHundreds);
        Assert.Equal(0, run.Count(MessageOutcome.NoReply)); // an outage is no reason to drop a client
        Assert.All(run.With(MessageOutcome.Deferred), m => Assert.StartsWith("451 4.3.0", m.Reply!.Lines[0], StringComparison.Ordinal));

        await rig.ExpectEveryAcceptedDeliveredAsync(run, tally, TimeSpan.FromSeconds(120));
        output.WriteLine($"arrivals: {tally.Distinct} distinct tokens, {tally.Duplicates} duplicate(s)");
        Assert.Equal(0, tally.Duplicates);
    }
}
