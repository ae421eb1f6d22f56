using Microsoft.Extensions.Logging;

namespace TlsRecordingRelay.Storage;

/// <summary>Every log line of the storage layer, with stable event ids (3000–3099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Initialised PostgreSQL cluster in {DataDirectory} with {BinDirectory}")]
    public static partial void ClusterInitialized(ILogger logger, string dataDirectory, string binDirectory);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Started embedded PostgreSQL in {DataDirectory} in {ElapsedMs} ms")]
    public static partial void ClusterStarted(ILogger logger, string dataDirectory, long elapsedMs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Attached to the running PostgreSQL (pid {Pid}) in {DataDirectory}; it is left running on exit")]
    public static partial void ClusterAttached(ILogger logger, string dataDirectory, int pid);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Stopped embedded PostgreSQL in {DataDirectory} ({ShutdownMode})")]
    public static partial void ClusterStopped(ILogger logger, string dataDirectory, string shutdownMode);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "PostgreSQL cannot use {RequestedDirectory} because {Reason}; using {FallbackDirectory} instead")]
    public static partial void DataDirectoryFallback(ILogger logger, string requestedDirectory, string fallbackDirectory, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Created database {Database}")]
    public static partial void DatabaseCreated(ILogger logger, string database);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Using the external PostgreSQL at {Host}/{Database} (ConnectionStrings:Reports)")]
    public static partial void ExternalDatabase(ILogger logger, string? host, string? database);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Applied {ScriptCount} migration(s) to {Database}")]
    public static partial void MigrationsApplied(ILogger logger, int scriptCount, string? database);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug, Message = "Stored message {QueueId} with {RecipientCount} recipient(s)")]
    public static partial void MessageStored(ILogger logger, string queueId, int recipientCount);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Storing message {QueueId} failed on a broken connection ({Error}); retrying once")]
    public static partial void StoreRetried(ILogger logger, string queueId, string error);
}
