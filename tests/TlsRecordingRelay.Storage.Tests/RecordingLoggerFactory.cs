using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TlsRecordingRelay.Storage.Tests;

/// <summary>A logger factory that keeps every formatted line, so tests can assert what was logged.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory, ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(RecordingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, eventId, formatter(state, exception)));
    }
}
