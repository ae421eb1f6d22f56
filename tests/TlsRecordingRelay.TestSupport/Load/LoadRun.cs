using System.Collections.Concurrent;
using System.Diagnostics;

namespace TlsRecordingRelay.TestSupport.Load;

/// <summary>
/// A running (or finished) <see cref="LoadDriver"/> run: live counters while it runs, every message's outcome after.
/// Disposing stops it (a test that fails half-way leaves no clients behind).
/// </summary>
public sealed class LoadRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly int[] _outcomes = new int[Enum.GetValues<MessageOutcome>().Length];
    private readonly int[] _replyClasses = new int[6];
    private readonly ConcurrentQueue<string> _fiveHundreds = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _connectionsOpened;
    private long _elapsedTicks = -1;

    internal LoadRun(IReadOnlyList<LoadMessage> messages, CancellationTokenSource stop)
    {
        Messages = messages;
        _stop = stop;
    }

    /// <summary>Every message of the run in (connection, sequence) order; outcomes are final once <see cref="Completion"/> has completed.</summary>
    public IReadOnlyList<LoadMessage> Messages { get; }

    public Task Completion { get; internal set; } = Task.CompletedTask;

    public int Accepted => Count(MessageOutcome.Accepted);

    /// <summary>Connections that got as far as a usable session (greeting, EHLO, STARTTLS when asked).</summary>
    public int ConnectionsOpened => Volatile.Read(ref _connectionsOpened);

    /// <summary>Wall time from start to the last connection's end (or so far, while running).</summary>
    public TimeSpan Elapsed => Volatile.Read(ref _elapsedTicks) is var t and >= 0 ? TimeSpan.FromTicks(t) : _clock.Elapsed;

    /// <summary>
    /// Every 5xx reply the server sent, except those that answered a command pipelined after an earlier
    /// failure of the same transaction (RFC 2920 §3.1: e.g. 503 to DATA once MAIL got 451; they are the
    /// client's doing, not a verdict on the message).
    /// </summary>
    public IReadOnlyList<string> FiveHundreds => [.. _fiveHundreds];

    /// <summary>Ends the run gracefully: messages in progress finish, connections QUIT, the rest is not sent.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Completion.WaitAsync(TimeSpan.FromSeconds(90));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (TimeoutException)
        {
            // a connection stuck past its reply timeout; the test has failed already
        }

        _stop.Dispose();
    }

    public int Count(MessageOutcome outcome) => Volatile.Read(ref _outcomes[(int)outcome]);

    /// <summary>Replies received of a class (2 = 2xx … 5 = 5xx), greetings included, consequential pipelining replies excluded.</summary>
    public int RepliesOfClass(int firstDigit) => Volatile.Read(ref _replyClasses[firstDigit]);

    public IEnumerable<LoadMessage> With(MessageOutcome outcome) => Messages.Where(m => m.Outcome == outcome);

    /// <summary>One line for the test output: outcomes, reply classes, duration and rate.</summary>
    public string Summary()
    {
        var seconds = Elapsed.TotalSeconds;
        return $"{Messages.Count} messages over {ConnectionsOpened} connection(s) in {seconds:F1} s "
               + $"({(seconds > 0 ? Accepted / seconds : 0):F0} accepted/s): "
               + string.Join(", ", Enum.GetValues<MessageOutcome>().Select(o => $"{o}={Count(o)}"))
               + $"; replies 2xx={RepliesOfClass(2)} 3xx={RepliesOfClass(3)} 4xx={RepliesOfClass(4)} 5xx={RepliesOfClass(5)}";
    }

    internal void Decide(LoadMessage message, MessageOutcome outcome, SmtpReply? reply)
    {
        message.Outcome = outcome;
        message.Reply = reply;
        Interlocked.Increment(ref _outcomes[(int)outcome]);
        Interlocked.Decrement(ref _outcomes[(int)MessageOutcome.NotSent]);
    }

    internal void CountNotSent(int count) => Interlocked.Add(ref _outcomes[(int)MessageOutcome.NotSent], count);

    internal void Received(SmtpReply reply)
    {
        var digit = reply.Code / 100;
        if (digit is >= 1 and <= 5)
        {
            Interlocked.Increment(ref _replyClasses[digit]);
        }

        if (digit == 5)
        {
            _fiveHundreds.Enqueue(reply.Text);
        }
    }

    internal void ConnectionOpened() => Interlocked.Increment(ref _connectionsOpened);

    internal void Finished() => Volatile.Write(ref _elapsedTicks, _clock.Elapsed.Ticks);
}
