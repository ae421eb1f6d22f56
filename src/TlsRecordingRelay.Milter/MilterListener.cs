using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRecordingRelay.Core.Milter;
using TlsRecordingRelay.Milter.Analysis;
using TlsRecordingRelay.Milter.Metrics;
using TlsRecordingRelay.Milter.Session;

namespace TlsRecordingRelay.Milter;

/// <summary>
/// The milter socket: binds at start (so a bad address stops the host), accepts MTA connections up to
/// <see cref="MilterOptions.MaxConnections"/>, runs one <see cref="MilterSession"/> per connection, and on stop
/// closes them all; the MTA's milter_default_action covers the messages in flight.
/// </summary>
public sealed class MilterListener : IHostedService, IDisposable
{
    private readonly MilterOptions _options;
    private readonly MessageAnalyzer _analyzer;
    private readonly IMilterReportRepository _repository;
    private readonly ILogger<MilterListener> _logger;
    private readonly MilterMetrics? _metrics;
    private readonly ConcurrentDictionary<Guid, Task> _sessions = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Task? _acceptLoop;

    internal MilterListener(IOptions<MilterOptions> options, MessageAnalyzer analyzer, IMilterReportRepository repository, ILogger<MilterListener> logger,
        MilterMetrics? metrics = null)
    {
        _options = options.Value;
        _analyzer = analyzer;
        _repository = repository;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>The bound endpoint (port 0 resolved); null before start.</summary>
    public EndPoint? LocalEndPoint { get; private set; }

    /// <summary>Open MTA connections.</summary>
    public int ActiveConnections => _sessions.Count;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!MilterEndpoint.TryParse(_options.Listen, out var endpoint, out var error))
        {
            throw new InvalidOperationException($"Milter:Listen: {error}");
        }

        Socket socket;
        if (endpoint is UnixDomainSocketEndPoint unix)
        {
            // A socket file left by a crashed run would make bind fail; nothing else can be listening on it
            // while we start (an active listener would be a second instance: its bind succeeded first).
            var path = unix.ToString();
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        }
        else
        {
            socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        }

        try
        {
            socket.Bind(endpoint);
            socket.Listen(128);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        LocalEndPoint = socket.LocalEndPoint;
        Log.Listening(_logger, _options.Listen + " (" + LocalEndPoint + ")");
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _socket?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.WaitAsync(cancellationToken);
        }

        await Task.WhenAll(_sessions.Values).WaitAsync(cancellationToken);
        if (LocalEndPoint is UnixDomainSocketEndPoint unix && File.Exists(unix.ToString()))
        {
            File.Delete(unix.ToString());
        }
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket!.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // a connection reset before accept completed: nothing to serve
            }

            if (_sessions.Count >= _options.MaxConnections)
            {
                Log.ConnectionLimitReached(_logger, _options.MaxConnections, client.RemoteEndPoint?.ToString() ?? "?");
                client.Dispose();
                continue;
            }

            var session = new MilterSession(new NetworkStream(client, ownsSocket: true), _options, _analyzer, _repository, _logger, _metrics);
            // The session waits until it is registered, so its own removal can never come first (and leak a slot).
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _sessions[session.SessionId] = RunSessionAsync(session, client, registered.Task, cancellationToken);
            registered.SetResult();
        }
    }

    private async Task RunSessionAsync(MilterSession session, Socket client, Task registered, CancellationToken cancellationToken)
    {
        await registered; // also leaves the accept loop before the session's first read
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["SessionId"] = session.SessionId });
        Log.SessionOpened(_logger, session.SessionId, client.RemoteEndPoint?.ToString() ?? "local");
        try
        {
            await session.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping: the MTA applies its milter_default_action to the message in flight
        }
#pragma warning disable CA1031 // One connection's failure (MTA gone, write timed out, a bug) must never end the listener.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // The MTA applies its milter_default_action to the message in flight.
            Log.SessionFaulted(_logger, e, session.SessionId);
        }
        finally
        {
            client.Dispose();
            _sessions.TryRemove(session.SessionId, out _);
            Log.SessionClosed(_logger, session.SessionId);
        }
    }
}
