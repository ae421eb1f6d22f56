using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRecordingRelay.Core.Delivery;
using TlsRecordingRelay.Delivery.Routing;

namespace TlsRecordingRelay.Delivery.Sending;

/// <summary>
/// Keeps delivery connections open between batches, as Postfix's connection cache does: the next batch to the same
/// next hop under the same TLS policy reuses the session and skips TCP, greeting, EHLO and the TLS handshake. A session
/// idle for <c>Delivery:ConnectionCacheTime</c> is closed with QUIT; one older than <see cref="ReuseTimeLimit"/> is not
/// handed out again. The recorded TLS facts are the session's own, so reuse changes nothing in the attempt rows.
/// </summary>
internal sealed class ConnectionCache : IAsyncDisposable, IDisposable
{
    // Postfix's smtp_connection_reuse_time_limit: a long-lived session should not outlive the peer's patience.
    private static readonly TimeSpan ReuseTimeLimit = TimeSpan.FromSeconds(300);
    private static readonly TimeSpan QuitTimeout = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _idleLimit;
    private readonly TimeProvider _time;
    private readonly ILogger<ConnectionCache> _logger;
    private readonly Dictionary<(NextHop Hop, TlsPolicy Policy), Stack<Entry>> _idle = [];
    private readonly Dictionary<OpenedSession, DateTimeOffset> _openedAt = new(ReferenceEqualityComparer.Instance);
    private readonly ITimer? _sweeper;
    private bool _disposed;

    public ConnectionCache(IOptions<DeliveryOptions> options, TimeProvider time, ILogger<ConnectionCache> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _idleLimit = options.Value.ConnectionCacheTime;
        _time = time;
        _logger = logger;
        if (_idleLimit > TimeSpan.Zero)
        {
            var period = _idleLimit < TimeSpan.FromSeconds(1) ? _idleLimit : TimeSpan.FromSeconds(1);
            _sweeper = time.CreateTimer(_ => _ = SweepAsync(), null, period, period);
        }
    }

    /// <summary>A live cached session to this hop under this policy, or null. Checked with NOOP first: a peer
    /// that dropped an idle connection must cost a reconnect, never a failed attempt.</summary>
    public async Task<OpenedSession?> TakeAsync(NextHop hop, TlsPolicy policy, CancellationToken cancellationToken)
    {
        while (Pop(hop, policy) is { } entry)
        {
            try
            {
                await entry.Session.Client!.NoOpAsync(cancellationToken);
                return entry.Session;
            }
            catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or SocketException
                                          or ServiceNotConnectedException or TimeoutException)
            {
                Log.CachedConnectionStale(_logger, hop.ToString(), e.Message);
                Forget(entry.Session);
                entry.Session.Client!.Dispose();
            }
        }

        return null;
    }

    /// <summary>Hands a healthy session back after its batch (QUIT at once when caching is off or it is too old).</summary>
    public async Task ReturnAsync(NextHop hop, TlsPolicy policy, OpenedSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = _time.GetUtcNow();
        lock (_idle)
        {
            var born = _openedAt.TryAdd(session, now) ? now : _openedAt[session];
            if (!_disposed && _idleLimit > TimeSpan.Zero && now - born < ReuseTimeLimit)
            {
                if (!_idle.TryGetValue((hop, policy), out var stack))
                {
                    _idle[(hop, policy)] = stack = new Stack<Entry>();
                }

                stack.Push(new Entry(session, now));
                return;
            }

            _openedAt.Remove(session);
        }

        await QuitAsync(session.Client!, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        var all = Drain();
        if (_sweeper is not null)
        {
            await _sweeper.DisposeAsync();
        }

        await Task.WhenAll(all.Select(e => QuitAsync(e.Session.Client!, CancellationToken.None)));
    }

    /// <summary>A container disposed synchronously (tests): the idle sessions are closed without QUIT.</summary>
    public void Dispose()
    {
        _sweeper?.Dispose();
        foreach (var entry in Drain())
        {
            entry.Session.Client!.Dispose();
        }
    }

    private List<Entry> Drain()
    {
        lock (_idle)
        {
            _disposed = true;
            List<Entry> all = [.. _idle.Values.SelectMany(s => s)];
            _idle.Clear();
            _openedAt.Clear();
            return all;
        }
    }

    private Entry? Pop(NextHop hop, TlsPolicy policy)
    {
        lock (_idle)
        {
            // Newest first: the most recently used session is the likeliest to be alive.
            return _idle.TryGetValue((hop, policy), out var stack) && stack.TryPop(out var entry) ? entry : null;
        }
    }

    private void Forget(OpenedSession session)
    {
        lock (_idle)
        {
            _openedAt.Remove(session);
        }
    }

    private async Task SweepAsync()
    {
        var now = _time.GetUtcNow();
        var expired = new List<Entry>();
        lock (_idle)
        {
            foreach (var key in _idle.Keys.ToList())
            {
                var stack = _idle[key];
                var keep = stack.Where(e => now - e.IdleSince < _idleLimit).Reverse().ToList();
                expired.AddRange(stack.Where(e => now - e.IdleSince >= _idleLimit));
                _idle[key] = new Stack<Entry>(keep);
            }

            foreach (var entry in expired)
            {
                _openedAt.Remove(entry.Session);
            }
        }

        await Task.WhenAll(expired.Select(e => QuitAsync(e.Session.Client!, CancellationToken.None)));
    }

    private static async Task QuitAsync(RelaySmtpClient client, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(QuitTimeout);
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true, bound.Token);
            }
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SmtpCommandException or SocketException
                                      or OperationCanceledException or ServiceNotConnectedException)
        {
            // QUIT failing after the mail was accepted changes nothing.
        }
        finally
        {
            client.Dispose();
        }
    }

    private sealed record Entry(OpenedSession Session, DateTimeOffset IdleSince);
}
