using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;
using TlsRecordingRelay.Smtp.Metrics;
using TlsRecordingRelay.Smtp.Policy;
using TlsRecordingRelay.Smtp.Session;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>Accepts TCP connections for one endpoint and hands each to SmtpServer as a <see cref="TlsAwarePipe"/>.</summary>
internal sealed class TlsAwareListener : IEndpointListener
{
    private static readonly byte[] TooBusy = Encoding.ASCII.GetBytes("421 4.3.2 Too many connections, try again later\r\n");

    private readonly TcpListener _tcp;
    private readonly SessionRegistry _sessions;
    private readonly SmtpMetrics _metrics;
    private readonly ILogger _logger;
    private readonly SmtpOptions _options;
    private readonly CancellationTokenSource _stopAccepting = new();
    private int _stopped;

    public TlsAwareListener(IPEndPoint endpoint, SessionRegistry sessions, SmtpOptions options, SmtpMetrics metrics, ILogger logger)
    {
        _sessions = sessions;
        _metrics = metrics;
        _logger = logger;
        _options = options;
        _tcp = new TcpListener(endpoint);
        _tcp.Start(backlog: 512);
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_tcp.LocalEndpoint;

    public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_stopAccepting.IsCancellationRequested)
            {
                // Draining: park instead of throwing (a throw here makes the library's accept loop spin).
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            TcpClient client;
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopAccepting.Token);
                client = await _tcp.AcceptTcpClientAsync(linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                continue;
            }
            catch (SocketException) when (_stopAccepting.IsCancellationRequested)
            {
                continue;
            }

            client.NoDelay = true;
            if (!_sessions.TryReserve())
            {
                Log.SessionLimitReached(_logger, client.Client.RemoteEndPoint?.ToString() ?? "?");
                _metrics.Rejected(RejectionReason.TooManySessions);
                _ = RefuseAsync(client);
                continue;
            }

            context.Properties[EndpointListener.LocalEndPointKey] = client.Client.LocalEndPoint!;
            context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;

            TlsAwarePipe? pipe = null;
            var sessionId = context.SessionId;
            var facts = SessionFacts.Of(context);
            var hostname = _options.EffectiveHostname;
            var rules = new InputRules(
                hostname,
                _options.CommandTimeout,
                () => Log.LineTooLong(_logger, sessionId, CommandLine.MaxLength),
                () => Log.CommandTimedOut(_logger, sessionId),
                () => facts.RecipientCount >= RelayMailboxFilter.MaxRecipients);

            // Smtp:SessionTimeout as a wall clock from accept, ours: the library's own (set later, as a backstop)
            // answers a session cut mid-DATA with "554", a permanent failure that makes the sender bounce.
            var expiry = new CancellationTokenSource(TimeSpan.FromMilliseconds(Math.Min(_options.SessionTimeout.TotalMilliseconds, int.MaxValue)));
            pipe = new TlsAwarePipe(
                client.GetStream(),
                () =>
                {
                    expiry.Dispose();
                    client.Dispose();
                    _sessions.Release(pipe!);
                },
                rules);
            var expiring = pipe;
            expiry.Token.Register(() =>
            {
                Log.SessionTimedOut(_logger, sessionId);
                _ = Task.Run(() => _sessions.ExpireAsync(expiring, hostname)); // not inside the timer's callback
            });
            var state = new SessionState();
            context.Properties[SessionKeys.State] = state;
            _sessions.Register(pipe, state);
            _metrics.SessionOpened();
            return pipe;
        }
    }

    /// <summary>Stops accepting; established sessions continue.</summary>
    public void StopAccepting()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return; // the host may stop twice (SIGTERM, then dispose); the library disposes us too
        }

        _stopAccepting.Cancel();
        _tcp.Stop();
    }

    public void Dispose() => StopAccepting();

    private static async Task RefuseAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.GetStream().WriteAsync(TooBusy, timeout.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // Nothing to tell a client that is already gone.
            }
        }
    }
}
