using System.Collections.Concurrent;
using System.Text;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>
/// Counts and tracks live connections for the session cap (421 4.3.2 when full) and for the drain on
/// shutdown: sessions between transactions are closed with 421, those inside one may finish.
/// </summary>
public sealed class SessionRegistry
{
    private static readonly byte[] ShuttingDown = Encoding.ASCII.GetBytes("421 4.3.2 Service shutting down, try again later\r\n");

    private readonly ConcurrentDictionary<TlsAwarePipe, SessionState> _sessions = new();
    private readonly int _maxSessions;
    private int _count;

    public SessionRegistry(int maxSessions) => _maxSessions = maxSessions;

    public int Active => Volatile.Read(ref _count);

    public bool Draining { get; private set; }

    /// <summary>Reserves a slot; false when the cap is reached.</summary>
    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _count) <= _maxSessions)
        {
            return true;
        }

        Interlocked.Decrement(ref _count);
        return false;
    }

    public void Register(TlsAwarePipe pipe, SessionState state) => _sessions[pipe] = state;

    public void Release(TlsAwarePipe pipe)
    {
        if (_sessions.TryRemove(pipe, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Releases a slot reserved for a connection that never became a session.</summary>
    public void ReleaseUnregistered() => Interlocked.Decrement(ref _count);

    public void BeginDrain() => Draining = true;

    /// <summary>Closes every session that is not inside a mail transaction, telling it 421 first.</summary>
    public async Task CloseIdleAsync(CancellationToken cancellationToken)
    {
        foreach (var (pipe, state) in _sessions)
        {
            if (!state.TryCloseIfIdle())
            {
                continue;
            }

            await SayAndCloseAsync(pipe, ShuttingDown, cancellationToken);
        }
    }

    /// <summary>
    /// Ends a session that outlived <c>Smtp:SessionTimeout</c> with 421 4.4.2 (RFC 5321 §3.8), also mid-DATA:
    /// the sender sees a temporary failure and retries, where the library's own timeout answers 554.
    /// </summary>
    public Task ExpireAsync(TlsAwarePipe pipe, string hostname) =>
        _sessions.ContainsKey(pipe)
            ? SayAndCloseAsync(pipe, Encoding.ASCII.GetBytes($"421 4.4.2 {hostname} Error: session timeout exceeded\r\n"), CancellationToken.None)
            : Task.CompletedTask;

    /// <summary>Cuts every remaining session without a reply: the client sees a dropped connection and retries,
    /// which is safer than the library's 554 on cancellation (a permanent failure that bounces the mail).</summary>
    public void AbortAll()
    {
        foreach (var pipe in _sessions.Keys)
        {
            pipe.Dispose();
        }
    }

    private static async Task SayAndCloseAsync(TlsAwarePipe pipe, byte[] reply, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await pipe.Stream.WriteAsync(reply, timeout.Token);
            await pipe.Stream.FlushAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException
                                       or NotSupportedException or InvalidOperationException)
        {
            // The client is gone or stuck, the library is still writing its last reply (SslStream allows one
            // write at a time), or the TLS handshake is unfinished: the 421 is a courtesy, closing is what matters.
        }
        finally
        {
            pipe.Dispose();
        }
    }
}
