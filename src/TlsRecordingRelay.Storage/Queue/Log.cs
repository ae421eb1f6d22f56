using Microsoft.Extensions.Logging;

namespace TlsRecordingRelay.Storage.Queue;

/// <summary>Log lines of the delivery queue, EventIds 3500–3599 (the rest of Storage logs through its own Log).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3500, Level = LogLevel.Warning, Message = "LISTEN for queued mail failed; reconnecting (workers keep polling)")]
    public static partial void ListenFailed(ILogger logger, Exception exception);
}
