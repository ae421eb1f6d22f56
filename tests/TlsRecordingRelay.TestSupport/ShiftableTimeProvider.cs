namespace TlsRecordingRelay.TestSupport;

/// <summary>
/// The system clock plus an offset the test moves forward: "now" jumps ahead (retries become due, leases
/// expire) while timers keep running in real time, so nothing waits five minutes and nothing sleeps.
/// </summary>
public sealed class ShiftableTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
