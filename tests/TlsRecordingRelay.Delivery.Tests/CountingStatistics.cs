using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Delivery.Tests;

/// <summary>The real queue statistics, counting how often the database is asked.</summary>
internal sealed class CountingStatistics(IQueueStatistics inner) : IQueueStatistics
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public Task<IReadOnlyList<QueueDepth>> ReadDepthAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.ReadDepthAsync(cancellationToken);
    }
}
