using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests.Adversarial;

/// <summary>
/// Records the running relay's log lines, added as one more provider to its logger factory (the factory
/// updates loggers it already handed out), so tests can assert "a log line" without parsing the console.
/// The relay's own filter (Logging:LogLevel) still applies: warnings and above in the test relay.
/// </summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public static LogRecorder Attach(TestRelay relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        var recorder = new LogRecorder();
        relay.Instance.Host.Services.GetRequiredService<ILoggerFactory>().AddProvider(recorder);
        return recorder;
    }

    /// <summary>Waits for a line with this event id whose text contains <paramref name="text"/>.</summary>
    public async Task<LogEntry> WaitForAsync(int eventId, string text = "")
    {
        LogEntry? found = null;
        await Poll.UntilAsync(
            () => (found = _entries.FirstOrDefault(e => e.EventId == eventId && e.Message.Contains(text, StringComparison.Ordinal))) is not null,
            TimeSpan.FromSeconds(20),
            $"log event {eventId} containing '{text}'; saw: {string.Join(" | ", _entries.Select(e => $"{e.EventId} {e.Message}"))}");
        return found!;
    }

    public ILogger CreateLogger(string categoryName) => new Recording(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Recording(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, eventId.Id, logLevel, formatter(state, exception), exception));
    }
}
