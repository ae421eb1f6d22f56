using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Delivery.Workers;

/// <summary>
/// Runs <c>Delivery:Workers</c> delivery loops and the lease reaper. An idle loop sleeps until NOTIFY says
/// new mail was queued or the poll interval (on the injected <see cref="TimeProvider"/>) finds due retries.
/// </summary>
internal sealed class DeliveryHostedService(
    DeliveryProcessor processor,
    IDeliveryQueue queue,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryHostedService> logger) : BackgroundService
{
    private readonly DeliveryOptions _options = options.Value;

    // Stopping ends claiming at once, but a batch already on the wire gets DrainTimeout to finish: cutting
    // an SMTP transaction mid-DATA would only make the next hop and us retry the same message.
    private readonly CancellationTokenSource _drain = new();
    private readonly string _node = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.WorkersStarting(logger, _node, _options.Workers);
        var loops = Enumerable.Range(1, _options.Workers)
            .Select(i => Task.Run(() => WorkAsync($"{_node}/{i}", stoppingToken), CancellationToken.None))
            .Append(Task.Run(() => ReapAsync(stoppingToken), CancellationToken.None));
        return Task.WhenAll(loops);
    }

    private async Task WorkAsync(string workerId, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before the claim so a NOTIFY that arrives while we claim is not lost.
            var wake = queue.WaitForNewWorkAsync(stoppingToken);
            var claimed = 0;
            try
            {
                claimed = await processor.RunOnceAsync(workerId, _drain.Token);
            }
            catch (OperationCanceledException) when (_drain.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // A database outage or a bug in one batch must not end the loop; the leases expire and
                // the reaper returns the recipients.
                Log.WorkerFailed(logger, e, workerId);
            }

            if (claimed == 0)
            {
                await IdleAsync(wake, stoppingToken);
            }
            else if (claimed < _options.BatchSize && _options.BatchGatherTime > TimeSpan.Zero)
            {
                // The queue is drained: let the next batch gather instead of claiming each new message alone
                // (under load that was a claim, a commit and a settle per message).
                try
                {
                    await Task.Delay(_options.BatchGatherTime, time, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _drain.CancelAfter(_options.DrainTimeout);
        try
        {
            await base.StopAsync(cancellationToken);
        }
        finally
        {
            await _drain.CancelAsync();
        }
    }

    public override void Dispose()
    {
        _drain.Dispose();
        base.Dispose();
    }

    private async Task IdleAsync(Task wake, CancellationToken stoppingToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(_options.PollInterval, time, idle.Token);
        await Task.WhenAny(wake, delay);
        await idle.CancelAsync();
    }

    private async Task ReapAsync(CancellationToken stoppingToken)
    {
        var period = _options.Lease / 4 < _options.PollInterval ? _options.Lease / 4 : _options.PollInterval;
        using var timer = new PeriodicTimer(period, time);
        try
        {
            do
            {
                try
                {
                    var released = await queue.ReleaseExpiredLeasesAsync(time.GetUtcNow().UtcDateTime, stoppingToken);
                    if (released > 0)
                    {
                        Log.LeasesReleased(logger, released);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.ReaperFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
