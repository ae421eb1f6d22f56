using System.Diagnostics;

namespace TlsRecordingRelay.Faults.Tests;

/// <summary>SIGTERM (systemd stop, docker stop) while clients are sending: a drain, not a crash.</summary>
[Collection(FaultsCollection.Name)]
public sealed class SigtermUnderLoadTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact(Timeout = 300_000)]
    public async Task Sigterm_under_load_ends_sessions_with_250_or_4xx_never_5xx_and_a_restart_delivers_the_rest()
    {
        await using var sink = new LoopbackSmtpSink();
        var tally = new SinkTally(sink);
        await using var rig = new FaultRig(await postgres.CreateDatabaseAsync("sigterm"), sink.Port);
        var first = await rig.StartRelayAsync();

        await using var run = LoadDriver.Start(new LoadOptions
        {
            Target = rig.Target,
            Connections = 8,
            MessagesPerConnection = 2000,
            StartTls = true,
            // No reconnect: a client told 421 (or refused) stops, so every reply below came from the draining relay.
        });
        await rig.UntilAsync(() => run.Accepted >= 800, TimeSpan.FromSeconds(120), "the load to be under way", run.Summary);

        var clock = Stopwatch.StartNew();
        var acceptedAtSigterm = run.Accepted;
        first.Terminate();
        var exit = await first.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var exitTime = clock.Elapsed;
        await run.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine(run.Summary());
        output.WriteLine($"exit code {exit} {exitTime.TotalSeconds:F1} s after SIGTERM (Smtp:DrainTimeout {FaultRig.SmtpDrain.TotalSeconds} s); "
                         + $"{run.Accepted - acceptedAtSigterm} accepted after the signal was sent (until the drain began, then in flight)");

        Assert.True(exit == 0, $"exit code {exit}:\n{first.Output}");
        // The host allows the SMTP drain plus 10 s (delivery's drain, the database pool) before it gives up.
        Assert.True(exitTime < FaultRig.SmtpDrain + TimeSpan.FromSeconds(10), $"took {exitTime} to exit");
        Assert.Empty(run.FiveHundreds);
        Assert.Equal(0, run.Count(MessageOutcome.Rejected));
        Assert.True(run.RepliesOfClass(4) > 0, "idle sessions were told 421: " + run.Summary());
        Assert.All(run.With(MessageOutcome.Deferred), m => Assert.StartsWith("421 4.3.2", m.Reply!.Lines[0], StringComparison.Ordinal));

        await rig.StartRelayAsync();
        await rig.ExpectEveryAcceptedDeliveredAsync(run, tally, TimeSpan.FromSeconds(120));
        output.WriteLine($"arrivals: {tally.Distinct} distinct tokens, {tally.Duplicates} duplicate(s)");
        Assert.True(tally.Duplicates <= run.Accepted / 1000, $"{tally.Duplicates} duplicates"); // the drain records what it delivered
    }
}
