using System.Security.Cryptography.X509Certificates;

namespace TlsRecordingRelay.TestSupport.Smtp;

/// <summary>How a <see cref="LoopbackSmtpSink"/> behaves.</summary>
public sealed class SinkOptions
{
    /// <summary>Port to listen on; 0 (default) = ephemeral. Only for a test that must bring a next hop back on a port it held.</summary>
    public int Port { get; init; }

    /// <summary>Offer STARTTLS with this certificate; null = no STARTTLS in EHLO.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Advertise STARTTLS but abort the handshake (close the socket) when the client starts it.</summary>
    public bool BreakHandshake { get; init; }

    /// <summary>Read the message after DATA but never answer: a next hop that hangs at the worst moment.</summary>
    public bool StallAfterData { get; init; }

    /// <summary>The reply to each RCPT TO (full line without CRLF); default <c>250 2.1.5 Ok</c>.</summary>
    public Func<string, string> RecipientReply { get; set; } = _ => "250 2.1.5 Ok";
}
