using Microsoft.Extensions.Logging;

namespace TlsRecordingRelay;

/// <summary>The executable's log messages (EventIds 5000–5099).</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "HTTP listening on {Url}")]
    public static partial void HttpListening(ILogger logger, Uri url);
}
