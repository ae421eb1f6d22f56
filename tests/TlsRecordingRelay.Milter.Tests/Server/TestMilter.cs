using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Core.Milter;
using TlsRecordingRelay.Milter.Analysis;
using TlsRecordingRelay.Milter.Metrics;

namespace TlsRecordingRelay.Milter.Tests.Server;

/// <summary>A started <see cref="MilterListener"/> on a loopback port bound to 0 (or a given socket).</summary>
internal sealed class TestMilter : IAsyncDisposable
{
    private TestMilter(MilterListener listener, MilterOptions options)
    {
        Listener = listener;
        Options = options;
    }

    public MilterListener Listener { get; }

    public MilterOptions Options { get; }

    public EndPoint EndPoint => Listener.LocalEndPoint!;

    public static async Task<TestMilter> StartAsync(IMilterReportRepository repository, Action<MilterOptions>? configure = null, MilterMetrics? metrics = null)
    {
        var options = new MilterOptions { Enabled = true, Listen = "inet:127.0.0.1:0" };
        configure?.Invoke(options);
        var validation = new MilterOptionsValidator().Validate(null, options);
        Assert.True(validation.Succeeded, validation.FailureMessage);
        var listener = new MilterListener(
            Microsoft.Extensions.Options.Options.Create(options),
            new MessageAnalyzer(options, HopAnalyzer.Default, TimeProvider.System),
            repository,
            NullLogger<MilterListener>.Instance,
            metrics);
        await listener.StartAsync(CancellationToken.None);
        return new TestMilter(listener, options);
    }

    public async ValueTask DisposeAsync()
    {
        await Listener.StopAsync(CancellationToken.None);
        Listener.Dispose();
    }
}
