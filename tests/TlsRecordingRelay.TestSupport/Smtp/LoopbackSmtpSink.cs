using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace TlsRecordingRelay.TestSupport.Smtp;

/// <summary>
/// A raw-socket SMTP server on 127.0.0.1, port bound to 0 and read back, that records exactly what a
/// client sent: envelope, DATA bytes (after un-dot-stuffing), and the TLS protocol and cipher of the
/// session. STARTTLS is offered only with a certificate; replies to RCPT are programmable.
/// </summary>
public sealed class LoopbackSmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly SinkOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<SinkMessage> _messages = new();
    private readonly Task _acceptLoop;
    private int _sessions;
    private int _dataCommands;
    private int _queueIds;

    public LoopbackSmtpSink(SinkOptions? options = null)
    {
        _options = options ?? new SinkOptions();
        _listener = new TcpListener(IPAddress.Loopback, _options.Port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public SinkOptions Options => _options;

    public IReadOnlyList<SinkMessage> Messages => [.. _messages];

    /// <summary>Connections accepted so far.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    /// <summary>DATA commands received so far (whether or not a message completed).</summary>
    public int DataCommands => Volatile.Read(ref _dataCommands);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _sessions);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        // Without NoDelay each second small reply waits for the peer's delayed ACK (~40 ms): the sink, not
        // the relay, would set the pace of every test.
        client.NoDelay = true;
        Stream stream = client.GetStream();
        try
        {
            var reader = new LineReader(stream);
            string? tlsProtocol = null;
            string? tlsCipher = null;
            var ehlo = string.Empty;
            string? from = null;
            var recipients = new List<string>();
            await WriteAsync(stream, "220 sink.test ESMTP loopback sink");
            while (true)
            {
                var line = await reader.ReadLineAsync(_stop.Token);
                if (line is null)
                {
                    return;
                }

                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        ehlo = line[4..].Trim();
                        var starttls = _options.Certificate is not null && tlsProtocol is null ? "250-STARTTLS\r\n" : string.Empty;
                        await WriteAsync(stream, $"250-sink.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n{starttls}250 SIZE 100000000");
                        break;
                    case "HELO":
                        ehlo = line[4..].Trim();
                        await WriteAsync(stream, "250 sink.test");
                        break;
                    case "STAR" when _options.Certificate is not null && tlsProtocol is null:
                        await WriteAsync(stream, "220 2.0.0 Ready to start TLS");
                        if (_options.BreakHandshake)
                        {
                            return;
                        }

                        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                        {
                            ServerCertificate = _options.Certificate,
                            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                        }, _stop.Token);
                        stream = ssl;
                        reader = new LineReader(stream); // RFC 3207 §4.2: discard anything sent before the handshake
                        tlsProtocol = ssl.SslProtocol.ToString();
                        tlsCipher = ssl.NegotiatedCipherSuite.ToString();
                        from = null;
                        recipients.Clear();
                        break;
                    case "MAIL":
                        from = ExtractPath(line);
                        recipients.Clear();
                        await WriteAsync(stream, "250 2.1.0 Ok");
                        break;
                    case "RCPT":
                        var address = ExtractPath(line);
                        var reply = _options.RecipientReply(address);
                        if (reply.StartsWith('2'))
                        {
                            recipients.Add(address);
                        }

                        await WriteAsync(stream, reply);
                        break;
                    case "DATA":
                        Interlocked.Increment(ref _dataCommands);
                        if (from is null || recipients.Count == 0)
                        {
                            await WriteAsync(stream, "554 5.5.1 No valid recipients");
                            break;
                        }

                        await WriteAsync(stream, "354 End data with <CR><LF>.<CR><LF>");
                        var data = await reader.ReadDataAsync(_stop.Token);
                        if (_options.StallAfterData)
                        {
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                        }

                        var id = "SINK" + Interlocked.Increment(ref _queueIds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        _messages.Enqueue(new SinkMessage(from, [.. recipients], data, tlsProtocol, tlsCipher, ehlo));
                        await WriteAsync(stream, $"250 2.0.0 Ok: queued as {id}");
                        from = null;
                        recipients.Clear();
                        break;
                    case "RSET":
                        from = null;
                        recipients.Clear();
                        await WriteAsync(stream, "250 2.0.0 Ok");
                        break;
                    case "NOOP":
                        await WriteAsync(stream, "250 2.0.0 Ok");
                        break;
                    case "QUIT":
                        await WriteAsync(stream, "221 2.0.0 Bye");
                        return;
                    default:
                        await WriteAsync(stream, "502 5.5.2 Command not recognized");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException
                                      or System.Security.Authentication.AuthenticationException)
        {
            // The client went away or the handshake failed; the test looks at what was recorded.
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private static string ExtractPath(string line)
    {
        var open = line.IndexOf('<', StringComparison.Ordinal);
        var close = line.IndexOf('>', StringComparison.Ordinal);
        return open >= 0 && close > open ? line[(open + 1)..close] : string.Empty;
    }

    private static async Task WriteAsync(Stream stream, string reply)
    {
        var bytes = Encoding.ASCII.GetBytes(reply + "\r\n");
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }
}
