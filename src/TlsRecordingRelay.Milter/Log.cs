using Microsoft.Extensions.Logging;

namespace TlsRecordingRelay.Milter;

/// <summary>Every log line of the milter, with stable event ids (3000-3099).</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Milter listening on {Endpoint}")]
    public static partial void Listening(ILogger logger, string endpoint);

    [LoggerMessage(3001, LogLevel.Warning, "Milter connection limit {Limit} reached: closed {Remote}")]
    public static partial void ConnectionLimitReached(ILogger logger, int limit, string remote);

    [LoggerMessage(3002, LogLevel.Debug, "Milter session {SessionId} opened from {Remote}")]
    public static partial void SessionOpened(ILogger logger, Guid sessionId, string remote);

    [LoggerMessage(3003, LogLevel.Debug, "Milter session {SessionId} closed")]
    public static partial void SessionClosed(ILogger logger, Guid sessionId);

    [LoggerMessage(3004, LogLevel.Warning, "Milter session {SessionId}: protocol error, connection closed: {Error}")]
    public static partial void ProtocolError(ILogger logger, Guid sessionId, string error);

    [LoggerMessage(3005, LogLevel.Debug, "Milter session {SessionId} negotiated version {Version} actions=0x{Actions:X} steps=0x{Steps:X}")]
    public static partial void Negotiated(ILogger logger, Guid sessionId, uint version, uint actions, uint steps);

    [LoggerMessage(3006, LogLevel.Information, "Milter session {SessionId} queue={QueueId} message-id=<{MessageId}> verdict={Verdict} action={Action} tls={TlsProtocol} cipher={CipherSuite}")]
    public static partial void Reported(ILogger logger, Guid sessionId, string queueId, string messageId, string verdict, string action, string tlsProtocol, string cipherSuite);

    [LoggerMessage(3007, LogLevel.Error, "Milter session {SessionId} queue={QueueId}: storing the report failed; answering {Action}")]
    public static partial void StoreFailed(ILogger logger, Exception exception, Guid sessionId, string queueId, string action);

    [LoggerMessage(3008, LogLevel.Warning, "Milter session {SessionId} faulted")]
    public static partial void SessionFaulted(ILogger logger, Exception exception, Guid sessionId);

    [LoggerMessage(3009, LogLevel.Information, "Milter session {SessionId} idle for {Timeout}: connection closed")]
    public static partial void IdleTimeout(ILogger logger, Guid sessionId, TimeSpan timeout);

    [LoggerMessage(3010, LogLevel.Warning, "Milter session {SessionId}: header fields beyond {Limit} bytes were not analysed")]
    public static partial void HeadersTruncated(ILogger logger, Guid sessionId, int limit);
}
