using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using TlsRecordingRelay.Milter.Metrics;

namespace TlsRecordingRelay.Milter.Tests.Server;

/// <summary>The milter's instruments, read back with the platform's <see cref="MetricCollector{T}"/> while a hand-written MTA talks to it.</summary>
public sealed class MilterMetricsTests
{
    [Fact]
    public async Task Each_message_seen_is_counted_by_verdict_and_answer_with_its_hops()
    {
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var messages = new MetricCollector<long>(factory, MilterMetrics.MeterName, "tlsrelay.milter.messages");
        using var hops = new MetricCollector<long>(factory, MilterMetrics.MeterName, "tlsrelay.milter.hops");
        await using var milter = await TestMilter.StartAsync(new RecordingRepository(), o =>
        {
            o.OnPlaintextChain = PlaintextChainAction.Reject;
            o.ProtectedDomains = [".protected.example"];
        }, new MilterMetrics(factory));
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync();

        await mta.SendAsync([.. Conversation.Session(), .. Conversation.Message("Q1", "m1@x", "b@mail.protected.example", [Conversation.PlaintextHop])]);
        Assert.Equal('y', Assert.Single(await mta.ReadUntilFinalAsync()).Code);
        await mta.SendAsync(Conversation.Message("Q2", "m2@x", "b@example.org", [Conversation.EncryptedHop]));
        Assert.Equal('c', (await mta.ReadUntilFinalAsync()).Last().Code);

        var seen = messages.GetMeasurementSnapshot();
        Assert.Equal(
            [("plaintext", "reject"), ("encrypted", "accept")],
            seen.Select(m => ((string)m.Tags["verdict"]!, (string)m.Tags["action"]!)));
        Assert.All(seen, m => Assert.Equal(1, m.Value));
        // Two hops each: the MTA's own (rebuilt from the macros, encrypted) and the upstream one.
        var judged = hops.GetMeasurementSnapshot().Select(m => (string)m.Tags["security"]!).ToList();
        Assert.Equal(4, judged.Count);
        Assert.Equal(3, judged.Count(s => s == "encrypted"));
        Assert.Equal(1, judged.Count(s => s == "plaintext"));
    }
}
