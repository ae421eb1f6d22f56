using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Delivery.Metrics;

/// <summary>
/// Queue depth and the age of the oldest waiting recipient per status, as observable gauges over a sample of
/// <see cref="IQueueStatistics"/>. The database is asked at most once per <see cref="SampleInterval"/>, however
/// often (and however many) scrapers ask, so monitoring cannot load the database that carries the mail.
/// </summary>
public sealed class QueueGauges
{
    public const string MeterName = "TlsRecordingRelay.Delivery";

    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);
    private static readonly string[] WaitingStatuses = [RecipientStatus.Queued, RecipientStatus.Deferred, RecipientStatus.Sending];

    private readonly IQueueStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueGauges> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Sample? _last;

    public QueueGauges(IMeterFactory meterFactory, IQueueStatistics statistics, TimeProvider time, ILogger<QueueGauges> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _statistics = statistics;
        _time = time;
        _logger = logger;
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("tlsrelay.queue.recipients", Depths, "{recipient}",
            "Recipients waiting for delivery, by status (queued, deferred, sending); sampled at most every 5 s");
        meter.CreateObservableGauge("tlsrelay.queue.oldest.age", Ages, "s",
            "Age of the oldest waiting recipient per status, since acceptance; absent when none waits");
    }

    /// <summary>Reads the queue unless a sample (or a failed try) is younger than <see cref="SampleInterval"/>. Never throws
    /// but for cancellation: with the database down the gauges are left out of the scrape rather than shown stale.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (Fresh())
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh())
            {
                return; // a concurrent scrape sampled while we waited
            }

            var started = _time.GetTimestamp();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(QueryTimeout);
            try
            {
                Volatile.Write(ref _last, new Sample(started, await _statistics.ReadDepthAsync(timeout.Token)));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                Volatile.Write(ref _last, new Sample(started, null));
                Log.QueueSampleFailed(_logger, ex);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool Fresh() => Volatile.Read(ref _last) is { } last && _time.GetElapsedTime(last.TakenAt) < SampleInterval;

    private IEnumerable<Measurement<long>> Depths()
    {
        var sample = Current();
        if (sample is null)
        {
            yield break;
        }

        foreach (var status in WaitingStatuses)
        {
            var recipients = sample.FirstOrDefault(d => d.Status == status)?.Recipients ?? 0;
            yield return new Measurement<long>(recipients, new KeyValuePair<string, object?>("status", status));
        }
    }

    private IEnumerable<Measurement<double>> Ages()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var depth in Current() ?? [])
        {
            // Measured now from the sampled timestamp, so the age keeps growing between samples.
            var age = Math.Max(0, (now - depth.OldestAcceptedUtc).TotalSeconds);
            yield return new Measurement<double>(age, new KeyValuePair<string, object?>("status", depth.Status));
        }
    }

    /// <summary>The last sample; a stale one also starts a refresh for listeners other than the /metrics endpoint.</summary>
    private IReadOnlyList<QueueDepth>? Current()
    {
        if (!Fresh())
        {
            _ = RefreshAsync(CancellationToken.None);
        }

        return Volatile.Read(ref _last)?.Depths;
    }

    /// <summary>One read of the queue: when it started, and its rows (null when it failed).</summary>
    private sealed record Sample(long TakenAt, IReadOnlyList<QueueDepth>? Depths);
}
