using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Net;
using TlsRecordingRelay.Smtp.Metrics;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>Creates our listeners and publishes the endpoints they are bound to (port 0 is resolved here).</summary>
public sealed class TlsAwareListenerFactory(SessionRegistry sessions, IOptions<SmtpOptions> options, SmtpMetrics metrics, ILogger<TlsAwareListenerFactory> logger) : IEndpointListenerFactory
{
    private readonly ConcurrentBag<TlsAwareListener> _listeners = [];
    private readonly TaskCompletionSource _allStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected = int.MaxValue;

    /// <summary>The bound endpoints, as (configured endpoint definition, actual local endpoint).</summary>
    public ConcurrentDictionary<IEndpointDefinition, IPEndPoint> Bound { get; } = new();

    internal void Expect(int endpoints) => _expected = endpoints;

    /// <summary>Completes when every configured endpoint is listening.</summary>
    public Task Started => _allStarted.Task;

    public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = new TlsAwareListener(endpointDefinition.Endpoint, sessions, options.Value, metrics, logger);
        _listeners.Add(listener);
        Bound[endpointDefinition] = listener.LocalEndPoint;
        Log.Listening(logger, listener.LocalEndPoint.ToString(), endpointDefinition.IsSecure ? "implicit TLS" : "STARTTLS");
        if (Bound.Count >= _expected)
        {
            _allStarted.TrySetResult();
        }

        return listener;
    }

    public void StopAccepting()
    {
        foreach (var listener in _listeners)
        {
            listener.StopAccepting();
        }
    }
}
