using System.Diagnostics;
using System.Globalization;
using System.Text;
using HdrHistogram;

namespace TlsRecordingRelay.LoadTest;

/// <summary>
/// One measured run: start (or attach to) the relay and the sink, warm up, send the messages over N concurrent
/// sessions, wait until the sink holds them all, and print accepted and end-to-end rates, latency percentiles
/// and the relay's peak RSS and CPU.
/// </summary>
internal static class LoadRun
{
    private const string From = "load@client.loadtest.test";
    private const string To = "rcpt@example.test";

    public static async Task<int> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var invariant = CultureInfo.InvariantCulture;
        await using var sink = options.SinkCountDirectory is null ? new CountingSink(options.SinkPort, options.SinkStartTls) : null;
        Func<long> delivered = sink is not null ? () => sink.Messages : () => CountFiles(options.SinkCountDirectory!);

        await using var relay = options.Attach ? null : await RelayProcess.StartAsync(options, cancellationToken);
        if (options.Attach)
        {
            await RelayProcess.WaitForGreetingAsync(null, options.RelayPort, TimeSpan.FromSeconds(10), cancellationToken);
        }

        var pid = relay?.Pid ?? options.RelayPid;
        await using var sampler = pid is { } p ? new ProcessSampler(p, relay?.ClusterDirectory) : null;

        var tag = Guid.NewGuid().ToString("N")[..12];
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(options.Timeout + TimeSpan.FromSeconds(60));
        if (options.Warmup > 0)
        {
            var before = delivered();
            var warm = await SendAllAsync(options with { Messages = options.Warmup }, tag + "w", bound.Token);
            await WaitForSinkAsync(delivered, before + warm.Sent, options.Timeout, bound.Token);
        }

        var baseline = delivered();
        var sinkSessions = sink?.Sessions ?? 0;
        var sinkTls = sink?.TlsSessions ?? 0;
        sampler?.Restart();
        var clock = Stopwatch.StartNew();
        var result = await SendAllAsync(options, tag, bound.Token);
        var acceptSeconds = clock.Elapsed.TotalSeconds;
        var atSink = await WaitForSinkAsync(delivered, baseline + result.Sent, options.Timeout - clock.Elapsed, bound.Token) - baseline;
        var e2eSeconds = clock.Elapsed.TotalSeconds;

        var h = result.Latency;
        var line = new StringBuilder("loadtest")
            .Append(invariant, $" relay={(options.Attach ? "attached" : "tlsrelay")} starttls={(options.StartTls ? "yes" : "no")}")
            .Append(invariant, $" sessions={options.Sessions} msgs={options.Messages} size={options.Size} per_conn={options.PerConnection}")
            .Append(invariant, $" sent={result.Sent} failed={result.Failed}")
            .Append(invariant, $" accepted_msgs_per_s={result.Sent / acceptSeconds:0.0} accept_s={acceptSeconds:0.00}")
            .Append(invariant, $" e2e_msgs_per_s={atSink / e2eSeconds:0.0} e2e_s={e2eSeconds:0.00} delivered={atSink}/{result.Sent}")
            .Append(invariant, $" latency_ms_p50={Ms(h, 50)} p95={Ms(h, 95)} p99={Ms(h, 99)} max={Ms(h, 100)}")
            .Append(invariant, $" tls_in={result.Tls ?? "none"} sink={(sink is null ? "external" : "ours")} sink_sessions={(sink?.Sessions ?? 0) - sinkSessions} sink_tls_sessions={(sink?.TlsSessions ?? 0) - sinkTls}");
        if (sampler is not null)
        {
            var cpu = sampler.CpuSeconds;
            line.Append(invariant, $" relay_peak_rss_mb={sampler.PeakRssBytes / 1048576.0:0.0} relay_vmhwm_mb={sampler.HighWaterRssBytes / 1048576.0:0.0}")
                .Append(invariant, $" relay_cpu_s={cpu:0.00} relay_cpu_pct={100 * cpu / e2eSeconds:0} relay_cpu_ms_per_msg={1000 * cpu / Math.Max(1, atSink):0.00}");
            if (sampler.PostgresCpuSeconds is { } pg)
            {
                line.Append(invariant, $" postgres_cpu_s={pg:0.00} postgres_cpu_ms_per_msg={1000 * pg / Math.Max(1, atSink):0.00}");
            }
        }

        line.Append(invariant, $" load={File.ReadAllText("/proc/loadavg").Split(' ')[0]} cores={Environment.ProcessorCount}");
        if (result.FirstError is not null)
        {
            line.Append(" first_error=").Append(result.FirstError.Replace(' ', '_'));
        }

        Console.WriteLine(line.ToString());
        return result.Failed == 0 && atSink >= result.Sent ? 0 : 1;
    }

    private static async Task<SendResult> SendAllAsync(LoadOptions options, string tag, CancellationToken cancellationToken)
    {
        var body = Body(options.Size);
        var latency = new LongHistogram(TimeSpan.FromMinutes(5).Ticks, 3);
        var next = -1;
        var sent = 0;
        var failed = 0;
        string? firstError = null;
        string? tls = null;

        async Task WorkerAsync()
        {
            while (true)
            {
                var first = Interlocked.Add(ref next, options.PerConnection) - options.PerConnection + 1;
                if (first >= options.Messages)
                {
                    return;
                }

                var count = Math.Min(options.PerConnection, options.Messages - first);
                var done = 0;
                try
                {
                    await using var session = await SmtpLoadSession.OpenAsync(options.RelayPort, options.StartTls, cancellationToken);
                    tls ??= session.Tls;
                    for (; done < count; done++)
                    {
                        var elapsed = await session.SendAsync(From, To, Message(tag, first + done, body), cancellationToken);
                        lock (latency)
                        {
                            latency.RecordValue(elapsed.Ticks);
                        }

                        Interlocked.Increment(ref sent);
                    }

                    await session.QuitAsync(cancellationToken);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpReplyException or InvalidOperationException
                                              or System.Security.Authentication.AuthenticationException)
                {
                    Interlocked.Add(ref failed, count - done);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, options.Sessions).Select(_ => Task.Run(WorkerAsync, cancellationToken)));
        return new SendResult(sent, failed, latency, tls, firstError);
    }

    private static async Task<long> WaitForSinkAsync(Func<long> delivered, long expected, TimeSpan bound, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        long n;
        while ((n = delivered()) < expected && deadline.Elapsed < bound)
        {
            await Task.Delay(20, cancellationToken);
        }

        return n;
    }

    private static long CountFiles(string directory) => Directory.Exists(directory) ? Directory.EnumerateFiles(directory).LongCount() : 0;

    private static string Ms(LongHistogram histogram, double percentile) =>
        histogram.TotalCount == 0 ? "0" : (histogram.GetValueAtPercentile(percentile) / (double)TimeSpan.TicksPerMillisecond).ToString("0.0", CultureInfo.InvariantCulture);

    // 76-character lines up to the size (the headers take about 250 bytes), CRLF throughout, no line starting with '.'.
    private static byte[] Body(int size)
    {
        const string line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123\r\n";
        var lines = Math.Max(1, (size - 250) / line.Length);
        return Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(line, lines)));
    }

    private static byte[] Message(string tag, int index, byte[] body)
    {
        var header = Encoding.ASCII.GetBytes(
            $"From: <{From}>\r\nTo: <{To}>\r\nSubject: loadtest {tag} #{index}\r\n" +
            $"Message-ID: <{tag}.{index}@client.loadtest.test>\r\nDate: {DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture)}\r\n" +
            $"X-Load-Tag: {tag}\r\n\r\n");
        return [.. header, .. body];
    }
}
