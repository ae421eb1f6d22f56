namespace TlsRecordingRelay.Core.Delivery;

/// <summary>
/// How full the delivery queue is, for the <c>/metrics</c> gauges. One cheap aggregate read; callers
/// sample it at most every few seconds, never once per message.
/// </summary>
public interface IQueueStatistics
{
    /// <summary>One row per waiting status (<c>queued</c>, <c>deferred</c>, <c>sending</c>) that has recipients.</summary>
    Task<IReadOnlyList<QueueDepth>> ReadDepthAsync(CancellationToken cancellationToken);
}
