using System.Diagnostics;

namespace TlsRecordingRelay.Faults.Tests;

/// <summary>kill -9 of the relay in the middle of a 5,000-message load: what got 250 must still be delivered.</summary>
[Collection(FaultsCollection.Name)]
public sealed class RelayCrashTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Connections = 10;
    private const int PerConnection = 500;

    [Fact(Timeout = 300_000)]
    public async Task Kill_9_under_load_loses_no_accepted_message_and_duplicates_at_most_a_tenth_of_a_percent()
    {
        await using var sink = new LoopbackSmtpSink();
        var tally = new SinkTally(sink);
        await using var rig = new FaultRig(await postgres.CreateDatabaseAsync("crash"), sink.Port);
        var first = await rig.StartRelayAsync();

        var clock = Stopwatch.StartNew();
        await using var run = LoadDriver.Start(new LoadOptions
        {
            Target = rig.Target,
            Connections = Connections,
            MessagesPerConnection = PerConnection,
            StartTls = true,
            ReconnectFor = TimeSpan.FromSeconds(120), // clients keep retrying the connection through the crash, as MTAs do
        });

        // Kill while both halves are busy: clients in DATA, workers with batches on the wire.
        await rig.UntilAsync(() => run.Accepted >= 1500 && tally.Distinct >= 100, TimeSpan.FromSeconds(150), "load and delivery to be under way",
            () => $"{run.Summary()}; {tally.Distinct} arrived");
        first.Kill();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var acceptedBeforeKill = run.Accepted;
        tally.Update();
        var deliveredBeforeKill = tally.Distinct;

        await rig.StartRelayAsync();
        await run.Completion.WaitAsync(TimeSpan.FromSeconds(180));
        var loadTime = clock.Elapsed;

        Assert.Empty(run.FiveHundreds);
        Assert.Equal(0, run.Count(MessageOutcome.NotSent));
        Assert.True(run.Accepted > acceptedBeforeKill, "the load went on after the restart: " + run.Summary());
        // Claims the dead process held come back when their lease (20 s) runs out.
        await rig.ExpectEveryAcceptedDeliveredAsync(run, tally, TimeSpan.FromSeconds(150));
        var total = clock.Elapsed;

        output.WriteLine(run.Summary());
        output.WriteLine($"killed after {acceptedBeforeKill} accepted / {deliveredBeforeKill} delivered; load {loadTime.TotalSeconds:F1} s, all delivered after {total.TotalSeconds:F1} s");
        output.WriteLine($"arrivals: {tally.Distinct} distinct tokens, {tally.Duplicates} duplicate(s); queue: {await rig.QueueStateAsync()}");
        // Each worker records a message right after the next hop's 250, before sending the next one: at most one
        // message per worker (4) can have been taken by the sink and not yet recorded when the process died.
        Assert.True(tally.Duplicates <= Connections * PerConnection / 1000, $"{tally.Duplicates} duplicates exceed 0.1% of {Connections * PerConnection}");
    }
}
