using Microsoft.Extensions.Logging;

namespace TlsRecordingRelay.Smtp;

/// <summary>Every log line of the listener, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "SMTP listening on {Endpoint} ({Mode})")]
    public static partial void Listening(ILogger logger, string endpoint, string mode);

    [LoggerMessage(1001, LogLevel.Warning, "Session limit reached: refused {Remote} with 421 4.3.2")]
    public static partial void SessionLimitReached(ILogger logger, string remote);

    [LoggerMessage(1002, LogLevel.Information, "Draining: {Active} session(s) open")]
    public static partial void Draining(ILogger logger, int active);

    [LoggerMessage(1003, LogLevel.Warning, "Drain timed out: cutting {Active} session(s) without a reply (they will retry)")]
    public static partial void DrainTimedOut(ILogger logger, int active);

    [LoggerMessage(1004, LogLevel.Information, "Session {SessionId} faulted")]
    public static partial void SessionFaulted(ILogger logger, Exception exception, Guid sessionId);

    [LoggerMessage(1005, LogLevel.Debug, "Session {SessionId} closed by the drain")]
    public static partial void SessionClosedByDrain(ILogger logger, Guid sessionId);

    [LoggerMessage(1010, LogLevel.Information, "Session {SessionId} accepted {QueueId} message-id=<{MessageId}> rcpts={Recipients} size={Size} tls={TlsProtocol} cipher={CipherSuite}")]
    public static partial void Accepted(ILogger logger, Guid sessionId, string queueId, string messageId, int recipients, int size, string tlsProtocol, string cipherSuite);

    [LoggerMessage(1011, LogLevel.Warning, "Session {SessionId} rejected with {Reply}: {Reason}")]
    public static partial void Rejected(ILogger logger, Guid sessionId, string reply, string reason);

    [LoggerMessage(1012, LogLevel.Warning, "Session {SessionId} relay denied: client {Client} to domain {Domain}")]
    public static partial void RelayDenied(ILogger logger, Guid sessionId, string client, string domain);

    [LoggerMessage(1013, LogLevel.Error, "Session {SessionId}: storing the message failed; answered 451 4.3.0")]
    public static partial void StoreFailed(ILogger logger, Exception exception, Guid sessionId);

    [LoggerMessage(1014, LogLevel.Warning, "Session {SessionId}: authentication failed for user {User}")]
    public static partial void AuthenticationFailed(ILogger logger, Guid sessionId, string user);

    [LoggerMessage(1015, LogLevel.Warning, "Session {SessionId} relay denied: client {Client} to {Recipient} (a local part that routes onward)")]
    public static partial void RoutingLocalPartDenied(ILogger logger, Guid sessionId, string client, string recipient);

    [LoggerMessage(1016, LogLevel.Warning, "Session {SessionId}: command line over {Limit} octets discarded; answered 500 5.5.2")]
    public static partial void LineTooLong(ILogger logger, Guid sessionId, int limit);

    [LoggerMessage(1017, LogLevel.Information, "Session {SessionId}: command timeout; answered 421 4.4.2")]
    public static partial void CommandTimedOut(ILogger logger, Guid sessionId);

    [LoggerMessage(1018, LogLevel.Information, "Session {SessionId}: session timeout; answered 421 4.4.2 and closed")]
    public static partial void SessionTimedOut(ILogger logger, Guid sessionId);

    [LoggerMessage(1020, LogLevel.Information, "Generated a self-signed certificate {Path} for {Hostname}")]
    public static partial void GeneratedCertificate(ILogger logger, string path, string hostname);
}
