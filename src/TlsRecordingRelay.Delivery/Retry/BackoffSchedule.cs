namespace TlsRecordingRelay.Delivery.Retry;

/// <summary>
/// Exponential retry delays (initial × 2^(attempt−1), capped) and the queue lifetime, as Postfix
/// (<c>minimal_backoff_time</c> … <c>maximal_queue_lifetime</c>) and mox do.
/// </summary>
public sealed class BackoffSchedule(TimeSpan initial, TimeSpan maximum, TimeSpan lifetime)
{
    /// <summary>The delay after the given number of attempts (1 = the first attempt just failed).</summary>
    public TimeSpan DelayAfter(int attempts)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var ticks = initial.Ticks * Math.Pow(2, doublings);
        return ticks >= maximum.Ticks ? maximum : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>True when a message received at <paramref name="receivedAtUtc"/> may no longer be retried.</summary>
    public bool IsExpired(DateTime receivedAtUtc, DateTime nowUtc) => nowUtc - receivedAtUtc >= lifetime;
}
