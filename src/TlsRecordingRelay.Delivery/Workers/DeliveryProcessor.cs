using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRecordingRelay.Core.Delivery;
using TlsRecordingRelay.Delivery.Dsn;
using TlsRecordingRelay.Delivery.Metrics;
using TlsRecordingRelay.Delivery.Policy;
using TlsRecordingRelay.Delivery.Retry;
using TlsRecordingRelay.Delivery.Routing;
using TlsRecordingRelay.Delivery.Sending;

namespace TlsRecordingRelay.Delivery.Workers;

/// <summary>
/// One worker step: lease due recipients, group them by route and TLS policy (one connection per group),
/// deliver, then record each attempt with the recipient's new state and any DSN in one transaction.
/// </summary>
internal sealed class DeliveryProcessor(
    IDeliveryQueue queue,
    RouteResolver routes,
    TlsPolicyMap policies,
    SmtpSender sender,
    DsnBuilder dsn,
    BackoffSchedule backoff,
    IOptions<DeliveryOptions> options,
    HeloName heloName,
    TimeProvider time,
    DeliveryMetrics metrics,
    ILogger<DeliveryProcessor> logger)
{
    private static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RecordPause = TimeSpan.FromMilliseconds(500);

    private readonly DeliveryOptions _options = options.Value;

    /// <summary>Returns how many recipients were claimed (0 = nothing due; the caller may sleep).</summary>
    public async Task<int> RunOnceAsync(string workerId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await queue.ClaimAsync(workerId, _options.BatchSize, now, _options.Lease, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var groups = claimed
            .SelectMany(m => m.Recipients.Select(r => (Message: m, Recipient: r, Domain: DomainMatcher.DomainOf(r.Address))))
            .GroupBy(x => (Route: routes.RouteKey(x.Domain), Policy: policies.For(x.Domain)));
        var unsettled = claimed.SelectMany(m => m.Recipients).Select(r => r.Id).ToHashSet();
        var leaseEnd = now + _options.Lease;
        try
        {
            foreach (var group in groups)
            {
                var items = group.GroupBy(x => x.Message)
                    .Select(g => new GroupItem(g.Key, [.. g.Select(x => x.Recipient)]))
                    .ToList();
                var plan = await routes.ResolveAsync(group.First().Domain, cancellationToken);
                await foreach (var (item, attempts) in sender.DeliverAsync(plan, group.Key.Policy, items, heloName.Value, cancellationToken))
                {
                    await RecordAsync(workerId, item, attempts, leaseEnd, cancellationToken);
                    unsettled.ExceptWith(attempts.Select(a => a.RecipientId));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync(workerId, unsettled);
            throw;
        }

        return claimed.Sum(m => m.Recipients.Count);
    }

    // Shutdown cut the batch: hand the rest back now rather than leave it leased until the reaper's turn.
    // The token that was cancelled cannot carry this last write, so it gets its own short deadline.
    private async Task ReleaseAsync(string workerId, HashSet<long> unsettled)
    {
        if (unsettled.Count == 0)
        {
            return;
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var released = await queue.ReleaseAsync(workerId, [.. unsettled], time.GetUtcNow().UtcDateTime, deadline.Token);
        Log.BatchReleased(logger, workerId, released);
    }

    // Each message is recorded the moment its outcome is known (a kill -9 in the middle of a batch used to
    // redeliver the whole batch: 55 duplicates in 5,000 in the fault test). A failed record is retried while
    // the lease is still ours (a PostgreSQL restart: the next hop has the message, and once the lease runs out
    // the reaper would hand it out again). The drain token ends the retries, never a record in progress.
    private async Task RecordAsync(string workerId, GroupItem item, IReadOnlyList<DeliveryAttempt> attempts, DateTime leaseEnd, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var deadline = new CancellationTokenSource(RecordTimeout);
            try
            {
                await CompleteAsync(workerId, [item], attempts, deadline.Token);
                return;
            }
            catch (Exception e) when (time.GetUtcNow().UtcDateTime + RecordPause + RecordTimeout < leaseEnd && !cancellationToken.IsCancellationRequested)
            {
                Log.RecordRetried(logger, workerId, item.Message.QueueId, e.Message);
            }

            await Task.Delay(RecordPause, time, cancellationToken);
        }
    }

    private async Task CompleteAsync(string workerId, IReadOnlyList<GroupItem> items, IReadOnlyList<DeliveryAttempt> attempts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var byRecipient = attempts.ToDictionary(a => a.RecipientId);
        var updates = new List<RecipientUpdate>(attempts.Count);
        var notifications = new List<OutgoingMessage>();
        foreach (var item in items)
        {
            var bounced = new List<BouncedRecipient>();
            foreach (var recipient in item.Recipients)
            {
                var update = Decide(item.Message, recipient, byRecipient[recipient.Id], now);
                updates.Add(update);
                if (update.Status == RecipientStatus.Bounced)
                {
                    bounced.Add(new BouncedRecipient(recipient.Address, update.Attempt));
                }
            }

            if (dsn.Build(item.Message, bounced, now) is { } notification)
            {
                notifications.Add(notification);
                Log.DsnQueued(logger, item.Message.QueueId, notification.QueueId, item.Message.MailFrom, bounced.Count);
            }
        }

        var still = await queue.CompleteAsync(workerId, updates, notifications, cancellationToken);
        metrics.Settled(updates);
        if (still < updates.Count)
        {
            Log.LeaseLost(logger, workerId, updates.Count - still);
        }
    }

    private RecipientUpdate Decide(ClaimedMessage message, ClaimedRecipient recipient, DeliveryAttempt attempt, DateTime now)
    {
        var outcome = attempt.Outcome;
        if (outcome.Delivered)
        {
            return new RecipientUpdate(attempt, RecipientStatus.Delivered, now);
        }

        if (outcome.Permanent)
        {
            return new RecipientUpdate(attempt, RecipientStatus.Bounced, now);
        }

        if (backoff.IsExpired(message.ReceivedAtUtc, now))
        {
            // The temporary reason becomes permanent with its class and subject kept: a mandatory-TLS
            // deferral 4.7.4 bounces as 5.7.4 (RFC 3463 §3.1: the first digit is the class).
            var expired = outcome with
            {
                Permanent = true,
                EnhancedStatus = "5" + outcome.EnhancedStatus[1..],
                Detail = $"delivery time expired; last reason: {outcome.Detail}",
            };
            return new RecipientUpdate(attempt with { Outcome = expired }, RecipientStatus.Bounced, now);
        }

        return new RecipientUpdate(attempt, RecipientStatus.Deferred, now + backoff.DelayAfter(recipient.Attempts));
    }
}
