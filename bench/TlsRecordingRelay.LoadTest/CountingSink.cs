using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace TlsRecordingRelay.LoadTest;

/// <summary>
/// The downstream the relay delivers to: an SMTP server on 127.0.0.1 that accepts everything, counts each
/// message at its end-of-data line and throws it away. Offers STARTTLS when asked (a throwaway ECDSA certificate),
/// so the relay's outbound leg can be measured encrypted too.
/// </summary>
internal sealed class CountingSink : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _messages;
    private long _tlsSessions;
    private long _sessions;

    public CountingSink(int port, bool startTls)
    {
        _certificate = startTls ? SelfSigned() : null;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start(512);
        _accepting = AcceptLoopAsync(_stop.Token);
    }

    public long Messages => Interlocked.Read(ref _messages);

    public long TlsSessions => Interlocked.Read(ref _tlsSessions);

    /// <summary>Connections the relay opened to us (few when it reuses them across batches).</summary>
    public long Sessions => Interlocked.Read(ref _sessions);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }

        _stop.Dispose();
        _certificate?.Dispose();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=sink.loadtest.test", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(cancellationToken);
            socket.NoDelay = true;
            _ = Task.Run(() => ServeAsync(socket, cancellationToken), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sessions);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            var reader = new SmtpLineReader(stream);
            await WriteAsync(stream, "220 sink.loadtest.test ESMTP counting sink", cancellationToken);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        var tls = _certificate is not null && stream is not SslStream ? "250-STARTTLS\r\n" : string.Empty;
                        await WriteAsync(stream, "250-sink.loadtest.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n" + tls + "250 SIZE 104857600", cancellationToken);
                        break;
                    case "STAR" when _certificate is not null && stream is not SslStream:
                        await WriteAsync(stream, "220 2.0.0 Ready to start TLS", cancellationToken);
                        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, cancellationToken);
                        Interlocked.Increment(ref _tlsSessions);
                        stream = ssl;
                        reader = new SmtpLineReader(ssl);
                        break;
                    case "DATA":
                        await WriteAsync(stream, "354 End data with <CR><LF>.<CR><LF>", cancellationToken);
                        if (!await reader.SkipDataAsync(cancellationToken))
                        {
                            return;
                        }

                        var n = Interlocked.Increment(ref _messages);
                        await WriteAsync(stream, $"250 2.0.0 Ok: queued as S{n}", cancellationToken);
                        break;
                    case "QUIT":
                        await WriteAsync(stream, "221 2.0.0 Bye", cancellationToken);
                        return;
                    default:
                        // HELO, MAIL, RCPT, RSET, NOOP: everything is accepted.
                        await WriteAsync(stream, "250 2.0.0 Ok", cancellationToken);
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // A peer that goes away is the relay's business, not the sink's.
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private static async Task WriteAsync(Stream stream, string reply, CancellationToken cancellationToken) =>
        await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), cancellationToken);
}
