using Microsoft.Extensions.Logging;

namespace TlsRecordingRelay.Delivery;

/// <summary>Every log line of outbound delivery, with stable EventIds (4000–4099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Delivery starting on {Node} with {Workers} workers")]
    public static partial void WorkersStarting(ILogger logger, string node, int workers);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Delivery worker {WorkerId} failed a batch; its leases will expire")]
    public static partial void WorkerFailed(ILogger logger, Exception exception, string workerId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Returned {Count} recipients with expired leases to the queue")]
    public static partial void LeasesReleased(ILogger logger, int count);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Lease reaper failed")]
    public static partial void ReaperFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Worker {WorkerId} lost the lease of {Count} recipients before recording them")]
    public static partial void LeaseLost(ILogger logger, string workerId, int count);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Worker {WorkerId} stopped mid-batch and returned {Count} recipients to the queue")]
    public static partial void BatchReleased(ILogger logger, string workerId, int count);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Worker {WorkerId} could not record the outcome of {QueueId} yet ({Reason}); retrying while its lease holds")]
    public static partial void RecordRetried(ILogger logger, string workerId, string queueId, string reason);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "{QueueId} to {Recipient} via {Host}: {ReplyCode} {EnhancedStatus} tls={TlsProtocol}")]
    public static partial void RecipientResult(ILogger logger, string queueId, string recipient, string host, int replyCode, string enhancedStatus, string tlsProtocol);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Next hop {Hop} failed: {Reason}")]
    public static partial void HopFailed(ILogger logger, string hop, string reason);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "STARTTLS to {Hop} failed under policy may ({Reason}); retrying in plaintext")]
    public static partial void PlaintextFallback(ILogger logger, string hop, string reason);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Debug, Message = "Cached connection to {Hop} is gone ({Reason}); opening a new one")]
    public static partial void CachedConnectionStale(ILogger logger, string hop, string reason);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "{QueueId}: DSN {DsnQueueId} to {Sender} for {Count} bounced recipients")]
    public static partial void DsnQueued(ILogger logger, string queueId, string dsnQueueId, string sender, int count);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning, Message = "Sampling the queue for the metrics failed; queue gauges are left out until the next sample")]
    public static partial void QueueSampleFailed(ILogger logger, Exception exception);
}
