using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace TlsRecordingRelay.LoadTest;

/// <summary>
/// One client connection: greeting, EHLO, STARTTLS (required when asked), then MAIL/RCPT/DATA per message.
/// Hand-written rather than MailKit so the client spends as little of the shared CPU as possible and the
/// acceptance latency is exactly "end of data sent" to "250 read".
/// </summary>
internal sealed class SmtpLoadSession : IAsyncDisposable
{
    private const string Helo = "load.client.test";
    private readonly Socket _socket;
    private Stream _stream;
    private SmtpLineReader _reader;

    private SmtpLoadSession(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new SmtpLineReader(_stream);
    }

    /// <summary>The negotiated TLS (e.g. <c>Tls13/TLS_AES_256_GCM_SHA384</c>), or null for plain.</summary>
    public string? Tls { get; private set; }

    public static async Task<SmtpLoadSession> OpenAsync(int port, bool startTls, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var session = new SmtpLoadSession(socket);
        try
        {
            await session.ExpectAsync(220, cancellationToken);
            var extensions = await session.EhloAsync(cancellationToken);
            if (startTls)
            {
                if (!extensions.Contains("STARTTLS", StringComparer.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException("the relay does not offer STARTTLS");
                }

                await session.CommandAsync("STARTTLS", 220, cancellationToken);
                await session.UpgradeAsync(cancellationToken);
                await session.EhloAsync(cancellationToken);
            }

            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one message; returns the time from the end-of-data line to the 250 reply.</summary>
    public async Task<TimeSpan> SendAsync(string from, string to, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await CommandAsync($"MAIL FROM:<{from}>", 250, cancellationToken);
        await CommandAsync($"RCPT TO:<{to}>", 250, cancellationToken);
        await CommandAsync("DATA", 354, cancellationToken);
        await _stream.WriteAsync(content, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await _stream.WriteAsync(".\r\n"u8.ToArray(), cancellationToken);
        await ExpectAsync(250, cancellationToken);
        return Stopwatch.GetElapsedTime(started);
    }

    public async Task QuitAsync(CancellationToken cancellationToken)
    {
        await WriteLineAsync("QUIT", cancellationToken);
        await ReadReplyAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private async Task UpgradeAsync(CancellationToken cancellationToken)
    {
        // RFC 3207 §4.2: nothing may follow the 220 in the plaintext stream.
        if (_reader.Buffered != 0)
        {
            throw new InvalidOperationException("data after the STARTTLS reply");
        }

        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        // A load client measures, it does not authenticate: the relay's certificate is accepted as it is.
        await ssl.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = SslProtocols.None,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
            cancellationToken);
        _stream = ssl;
        _reader = new SmtpLineReader(ssl);
        Tls = $"{ssl.SslProtocol}/{ssl.NegotiatedCipherSuite}";
    }

    private async Task<List<string>> EhloAsync(CancellationToken cancellationToken)
    {
        await WriteLineAsync("EHLO " + Helo, cancellationToken);
        var (code, lines) = await ReadReplyAsync(cancellationToken);
        if (code != 250)
        {
            throw new InvalidOperationException($"EHLO: {code} {string.Join(" / ", lines)}");
        }

        return [.. lines.Skip(1).Select(l => l.Split(' ')[0])];
    }

    private async Task CommandAsync(string command, int expected, CancellationToken cancellationToken)
    {
        await WriteLineAsync(command, cancellationToken);
        await ExpectAsync(expected, cancellationToken);
    }

    private async Task ExpectAsync(int expected, CancellationToken cancellationToken)
    {
        var (code, lines) = await ReadReplyAsync(cancellationToken);
        if (code != expected)
        {
            throw new SmtpReplyException(code, string.Join(" / ", lines));
        }
    }

    private async Task WriteLineAsync(string line, CancellationToken cancellationToken) =>
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancellationToken);

    // RFC 5321 §4.2.1: "NNN-" continues a reply, "NNN " ends it.
    private async Task<(int Code, List<string> Lines)> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken) ?? throw new IOException("connection closed by the relay");
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code))
            {
                throw new IOException($"not an SMTP reply: {line}");
            }

            lines.Add(line.Length > 4 ? line[4..] : string.Empty);
            if (line.Length == 3 || line[3] == ' ')
            {
                return (code, lines);
            }
        }
    }
}
