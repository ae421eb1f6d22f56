using System.Net.Security;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRecordingRelay.Core.Delivery;
using TlsRecordingRelay.Core.Tls;
using TlsRecordingRelay.Delivery.Routing;

namespace TlsRecordingRelay.Delivery.Sending;

/// <summary>
/// Opens an SMTP session to one next hop under a TLS policy: TCP with NoDelay, greeting, EHLO, STARTTLS as
/// the policy demands, recording what the server offered and what was negotiated. Never falls back to
/// plaintext for <c>encrypt</c>/<c>verify</c>.
/// </summary>
internal sealed class SessionOpener(IOptions<DeliveryOptions> options, CertificateVerifier verifier, ILogger<SessionOpener> logger)
{
    private readonly DeliveryOptions _options = options.Value;

    public async Task<OpenedSession> OpenAsync(NextHop hop, TlsPolicy policy, string heloName, CancellationToken cancellationToken)
    {
        var facts = new SessionFacts { Host = hop.Host, Ip = hop.Address.ToString(), Port = hop.Port };
        var socketOptions = policy == TlsPolicy.None ? SecureSocketOptions.None
            : policy == TlsPolicy.May ? SecureSocketOptions.StartTlsWhenAvailable
            : SecureSocketOptions.StartTls;
        var opened = await TryOpenAsync(hop, policy, socketOptions, heloName, facts, cancellationToken);
        if (opened.Client is null && opened.TlsRefusal && policy == TlsPolicy.May)
        {
            // Opportunistic TLS (RFC 7435): a broken handshake must not stop mail that may go in
            // plaintext. MailKit does not fall back by itself; reconnect without STARTTLS, keep the error.
            Log.PlaintextFallback(logger, hop.ToString(), facts.TlsError ?? string.Empty);
            var retry = new SessionFacts
            {
                Host = hop.Host, Ip = facts.Ip, Port = hop.Port, StartTlsOffered = facts.StartTlsOffered,
                Certificate = facts.Certificate, TlsError = facts.TlsError + " (retried in plaintext)",
            };
            return await TryOpenAsync(hop, policy, SecureSocketOptions.None, heloName, retry, cancellationToken);
        }

        return opened;
    }

    private async Task<OpenedSession> TryOpenAsync(NextHop hop, TlsPolicy policy, SecureSocketOptions socketOptions, string heloName, SessionFacts facts, CancellationToken cancellationToken)
    {
        var socket = new Socket(hop.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
        {
            // MailKit never sets NoDelay: Nagle plus delayed ACK cost ~45 ms per message (LIBRARY-NOTES §2.6).
            NoDelay = true,
        };
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connectTimeout.CancelAfter(_options.ConnectTimeout);
            await socket.ConnectAsync(hop.Address, hop.Port, connectTimeout.Token);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            socket.Dispose();
            var why = e is SocketException s ? s.SocketErrorCode.ToString() : "timed out";
            return Failed(facts, DeliveryOutcome.Temporary("4.4.1", $"connect to {hop} failed: {why}"), tlsRefusal: false);
        }

        var client = new RelaySmtpClient
        {
            LocalDomain = heloName,
            Timeout = (int)_options.CommandTimeout.TotalMilliseconds,
            // Revocation is checked by CertificateVerifier under verify only; see there.
            CheckCertificateRevocation = false,
        };
        client.ServerCertificateValidationCallback = (_, certificate, chain, errors) =>
        {
            facts.Certificate = verifier.Check(certificate, chain, errors, checkRevocation: policy == TlsPolicy.Verify);
            // may/encrypt accept any certificate by definition (an unauthenticated TLS session still
            // defeats passive eavesdropping); only verify refuses, which aborts the handshake.
            return policy != TlsPolicy.Verify || facts.Certificate.Verified;
        };

        try
        {
            await client.ConnectAsync(socket, hop.Host, hop.Port, socketOptions, cancellationToken);
            // The flag survives the EHLO after STARTTLS (MailKit keeps it), so it means "was offered".
            facts.StartTlsOffered = client.Capabilities.HasFlag(SmtpCapabilities.StartTLS);
            if (client.IsSecure)
            {
                var suite = client.SslCipherSuite?.ToString();
                facts.Tls = new TlsDetails(TlsProtocolNames.Name(client.SslProtocol), client.SslProtocol.ToString(), suite,
                    CipherSuiteStrength.Bits(suite), facts.Certificate is { Verified: true } ? "OK" : "FAIL");
            }

            return new OpenedSession(client, facts, null, false);
        }
        catch (NotSupportedException) when (socketOptions == SecureSocketOptions.StartTls)
        {
            // RFC 3207 §4: a client that requires TLS must not send mail when STARTTLS is not offered.
            facts.StartTlsOffered = false;
            return Close(client, socket, facts, DeliveryOutcome.Temporary("4.7.4", $"TLS is required ({TlsPolicyNames.Name(policy)}) but {hop} does not offer STARTTLS"), tlsRefusal: true);
        }
        catch (SslHandshakeException e)
        {
            facts.StartTlsOffered = true;
            facts.TlsError = facts.Certificate is { Verified: false } && policy == TlsPolicy.Verify
                ? $"certificate not trusted: {facts.Certificate.Error}"
                : $"TLS handshake failed: {Innermost(e)}";
            return Close(client, socket, facts, DeliveryOutcome.Temporary(policy == TlsPolicy.Verify ? "4.7.5" : "4.7.0", $"{facts.TlsError} ({hop})"), tlsRefusal: true);
        }
        catch (SmtpCommandException e)
        {
            // A 4xx/5xx greeting, EHLO or STARTTLS reply: this host will not talk to us now; try the next.
            var outcome = DeliveryOutcome.Temporary(SmtpReplyText.EnhancedStatus(e.Message) is { } status && status[0] == '4' ? status : "4.4.2",
                $"{hop} refused the session: {(int)e.StatusCode} {e.Message}", (int)e.StatusCode);
            return Close(client, socket, facts, outcome, tlsRefusal: false);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException or TimeoutException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Close(client, socket, facts, DeliveryOutcome.Temporary("4.4.2", $"session with {hop} failed: {e.Message}"), tlsRefusal: false);
        }
    }

    private static OpenedSession Close(RelaySmtpClient client, Socket socket, SessionFacts facts, DeliveryOutcome outcome, bool tlsRefusal)
    {
        client.Dispose();
        socket.Dispose(); // MailKit owns it once connected, but not when ConnectAsync failed early.
        return Failed(facts, outcome, tlsRefusal);
    }

    private static OpenedSession Failed(SessionFacts facts, DeliveryOutcome outcome, bool tlsRefusal) => new(null, facts, outcome, tlsRefusal);

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }
}
