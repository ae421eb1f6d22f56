using System.Net;
using SmtpServer;
using TlsRecordingRelay.Core.Tls;
using TlsRecordingRelay.Smtp.Listener;

namespace TlsRecordingRelay.Smtp.Session;

/// <summary>What we learn about a session as it goes: the client, its HELO, its MAIL parameters, its TLS.</summary>
public sealed class SessionFacts
{
    public required IPEndPoint Remote { get; init; }

    public string? Helo { get; set; }

    /// <summary>EHLO rather than HELO: decides ESMTP vs SMTP in the Received line (RFC 3848).</summary>
    public bool Extended { get; set; }

    public int RecipientCount { get; set; }

    public IReadOnlyDictionary<string, string> MailParameters { get; set; } = new Dictionary<string, string>();

    /// <summary>The reverse-DNS lookup, started when the session opens and awaited at end of DATA.</summary>
    public Task<string?> Rdns { get; set; } = Task.FromResult<string?>(null);

    public static SessionFacts Of(ISessionContext context)
    {
        if (context.Properties.TryGetValue(SessionKeys.Facts, out var value) && value is SessionFacts facts)
        {
            return facts;
        }

        facts = new SessionFacts { Remote = RemoteOf(context) };
        context.Properties[SessionKeys.Facts] = facts;
        return facts;
    }

    /// <summary>The negotiated TLS of this session, or null for plaintext. We never request client certificates: verify=NOT.</summary>
    public static TlsDetails? TlsOf(ISessionContext context)
    {
        if (context.Pipe is not TlsAwarePipe { Ssl: { } ssl })
        {
            return null;
        }

        var suite = ssl.NegotiatedCipherSuite.ToString();
        var version = TlsProtocolNames.Name(ssl.SslProtocol);
        return new TlsDetails(version, version ?? ssl.SslProtocol.ToString(), suite, CipherSuiteStrength.Bits(suite), "NOT");
    }

    public static string? SniOf(ISessionContext context) =>
        context.Pipe is TlsAwarePipe { Ssl: { } ssl } && !string.IsNullOrEmpty(ssl.TargetHostName) ? ssl.TargetHostName : null;

    private static IPEndPoint RemoteOf(ISessionContext context) =>
        context.Properties.TryGetValue(SmtpServer.Net.EndpointListener.RemoteEndPointKey, out var ep) && ep is IPEndPoint ip
            ? ip
            : new IPEndPoint(IPAddress.None, 0);
}
