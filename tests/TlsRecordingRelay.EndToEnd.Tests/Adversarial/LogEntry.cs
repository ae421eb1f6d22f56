using Microsoft.Extensions.Logging;

namespace TlsRecordingRelay.EndToEnd.Tests.Adversarial;

/// <summary>One log line the relay wrote, as a <see cref="LogRecorder"/> saw it.</summary>
public sealed record LogEntry(string Category, int EventId, LogLevel Level, string Message, Exception? Exception);
