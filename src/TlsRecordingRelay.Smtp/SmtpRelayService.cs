using System.Diagnostics;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.Protocol;
using TlsRecordingRelay.Smtp.Listener;
using TlsRecordingRelay.Smtp.Session;

namespace TlsRecordingRelay.Smtp;

/// <summary>
/// Runs the SmtpServer listener under the Generic Host, with a real drain: on stop, new connections are
/// refused, idle sessions get 421, and sessions inside a transaction may finish (the library's own
/// shutdown answers 554, which makes senders bounce the mail).
/// </summary>
public sealed class SmtpRelayService : BackgroundService
{
    private static readonly TimeSpan Backstop = TimeSpan.FromMinutes(1);

    private readonly SmtpOptions _options;
    private readonly X509Certificate2 _certificate;
    private readonly IServiceProvider _smtpServices;
    private readonly TlsAwareListenerFactory _listeners;
    private readonly SessionRegistry _sessions;
    private readonly ReverseDnsResolver _rdns;
    private readonly ILogger<SmtpRelayService> _logger;
    private readonly CancellationTokenSource _hardStop = new();
    private int _stopping;

    internal SmtpRelayService(
        SmtpOptions options,
        X509Certificate2 certificate,
        IServiceProvider smtpServices,
        TlsAwareListenerFactory listeners,
        SessionRegistry sessions,
        ReverseDnsResolver rdns,
        ILogger<SmtpRelayService> logger)
    {
        _options = options;
        _certificate = certificate;
        _smtpServices = smtpServices;
        _listeners = listeners;
        _sessions = sessions;
        _rdns = rdns;
        _logger = logger;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var hostname = _options.EffectiveHostname;
        var builder = new SmtpServerOptionsBuilder()
            .ServerName(hostname)
            .CustomSmtpGreeting(_ => $"220 {hostname} ESMTP") // the default greeting leaks the library version
            .MaxMessageSize(_options.MaxMessageBytes, MaxMessageSizeHandling.Strict)
            // Ours fire first (CommandDeadline: 421 on a command timeout; TlsAwareListener: 421 on the session
            // timeout); the library's, which answer 221 and 554, are only backstops.
            .CommandWaitTimeout(_options.CommandTimeout + Backstop)
            .MaxRetryCount(20) // Postfix's smtpd_hard_error_limit; the library's 5 cuts pipelining clients short
            .MaxAuthenticationAttempts(3);

        var address = System.Net.IPAddress.Parse(_options.Address);
        var endpoints = 1;
        builder.Endpoint(e => Configure(e, new System.Net.IPEndPoint(address, _options.Port), implicitTls: false));
        if (_options.ImplicitTlsPort is int tlsPort)
        {
            endpoints++;
            builder.Endpoint(e => Configure(e, new System.Net.IPEndPoint(address, tlsPort), implicitTls: true));
        }

        _listeners.Expect(endpoints);
        var server = new SmtpServer.SmtpServer(builder.Build(), _smtpServices);
        server.SessionCreated += OnSessionCreated;
        server.SessionFaulted += (_, e) =>
        {
            if (_sessions.Draining && e.Exception is IOException or OperationCanceledException)
            {
                Log.SessionClosedByDrain(_logger, e.Context.SessionId); // we closed it: no stack trace needed
            }
            else
            {
                Log.SessionFaulted(_logger, e.Exception, e.Context.SessionId);
            }
        };

        // Not stoppingToken: cancelling it would cut in-flight DATA with 554 (see StopAsync).
        return server.StartAsync(_hardStop.Token);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            return; // already drained: the host stops on SIGTERM and again when disposed
        }

        _sessions.BeginDrain();
        _listeners.StopAccepting();
        Log.Draining(_logger, _sessions.Active);
        var clock = Stopwatch.StartNew();
        while (_sessions.Active > 0 && clock.Elapsed < _options.DrainTimeout && !cancellationToken.IsCancellationRequested)
        {
            await _sessions.CloseIdleAsync(cancellationToken);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (_sessions.Active > 0)
        {
            Log.DrainTimedOut(_logger, _sessions.Active);
            _sessions.AbortAll();
        }

        await _hardStop.CancelAsync();
        try
        {
            await base.StopAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // the server task ends by cancellation: that is the normal end
        }
    }

    public override void Dispose()
    {
        _hardStop.Dispose();
        base.Dispose();
    }

    private void Configure(EndpointDefinitionBuilder endpoint, System.Net.IPEndPoint at, bool implicitTls) =>
        endpoint.Endpoint(at)
            .IsSecure(implicitTls)
            .Certificate(_certificate)
            // The library default is TLS 1.2 only; None lets the OS offer 1.2 and 1.3.
            .SupportedSslProtocols(SslProtocols.None)
            .AllowUnsecureAuthentication(false)
            .AuthenticationRequired(false)
            .SessionTimeout(_options.SessionTimeout + Backstop);

    private void OnSessionCreated(object? sender, SessionEventArgs e)
    {
        var facts = SessionFacts.Of(e.Context);
        if (_options.ReverseDns)
        {
            facts.Rdns = ResolveQuietlyAsync(facts.Remote.Address);
        }

        e.Context.CommandExecuting += (_, c) =>
        {
            switch (c.Command)
            {
                case EhloCommand ehlo:
                    facts.Helo = ehlo.DomainOrAddress;
                    facts.Extended = true;
                    break;
                case HeloCommand helo:
                    facts.Helo = helo.DomainOrAddress;
                    facts.Extended = false;
                    break;
                case MailCommand mail:
                    facts.MailParameters = mail.Parameters;
                    break;
                case DataCommand when c.Context.Pipe is TlsAwarePipe pipe:
                    pipe.ExpectDataStart();
                    break;
            }
        };
        e.Context.CommandExecuted += (_, c) =>
        {
            if (c.Command is DataCommand && c.Context.Pipe is TlsAwarePipe pipe)
            {
                pipe.DataFinished();
            }

            if (c.Command is DataCommand or RsetCommand or HeloCommand or EhloCommand or StartTlsCommand)
            {
                facts.RecipientCount = 0; // no transaction: a RCPT now is the library's 503, not our 452
                if (c.Context.Properties.TryGetValue(SessionKeys.State, out var value) && value is SessionState state)
                {
                    state.EndTransaction(); // the reply to DATA has been written: the session is idle again
                }
            }
        };
    }

    private async Task<string?> ResolveQuietlyAsync(System.Net.IPAddress address)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            return await _rdns.ResolveAsync(address, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
