using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace TlsRecordingRelay.TestSupport;

/// <summary>
/// A deliberately low-level SMTP client for tests that must send what a polite client never would
/// (bare LF, smuggling payloads, hostile HELO): raw bytes out, parsed replies in, optional STARTTLS.
/// </summary>
public sealed class SmtpWire : IAsyncDisposable
{
    private readonly TcpClient _client;
    private Stream _stream;
    private readonly TimeSpan _timeout;
    private byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    private SmtpWire(TcpClient client, TimeSpan timeout)
    {
        _client = client;
        _stream = client.GetStream();
        _timeout = timeout;
    }

    public SslStream? Tls => _stream as SslStream;

    public static async Task<SmtpWire> ConnectAsync(IPEndPoint endPoint, bool implicitTls = false, TimeSpan? timeout = null)
    {
        var client = new TcpClient(endPoint.AddressFamily) { NoDelay = true };
        await client.ConnectAsync(endPoint);
        var wire = new SmtpWire(client, timeout ?? TimeSpan.FromSeconds(30));
        if (implicitTls)
        {
            await wire.UpgradeAsync();
        }

        return wire;
    }

    /// <summary>Sends raw text (no CRLF added).</summary>
    public async Task SendRawAsync(string text) => await SendRawAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendRawAsync(byte[] bytes)
    {
        using var cts = new CancellationTokenSource(_timeout);
        await _stream.WriteAsync(bytes, cts.Token);
        await _stream.FlushAsync(cts.Token);
    }

    /// <summary>Sends one command line and reads its reply.</summary>
    public async Task<SmtpReply> CommandAsync(string line)
    {
        await SendRawAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    /// <summary>Reads one (possibly multi-line) reply; throws on timeout or a closed connection.</summary>
    public async Task<SmtpReply> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync() ?? throw new IOException("connection closed before a reply" + (lines.Count > 0 ? ": " + string.Join(" | ", lines) : string.Empty));
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                var code = line.Length >= 3 && int.TryParse(line.AsSpan(0, 3), out var c) ? c : 0;
                return new SmtpReply(code, lines);
            }
        }
    }

    /// <summary>Reads a reply, or null when the server closed the connection first.</summary>
    public async Task<SmtpReply?> TryReadReplyAsync()
    {
        try
        {
            return await ReadReplyAsync();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>EHLO + STARTTLS + TLS handshake (+ EHLO again, RFC 3207 §4.2).</summary>
    public async Task<SmtpReply> StartTlsAsync(string helo = "client.test", SslProtocols protocols = SslProtocols.None)
    {
        var reply = await CommandAsync("STARTTLS");
        if (reply.Code != 220)
        {
            return reply;
        }

        await UpgradeAsync(protocols);
        return await CommandAsync("EHLO " + helo);
    }

    /// <summary>The TLS handshake alone, for tests that send STARTTLS (and whatever follows it) themselves.</summary>
    public async Task UpgradeAsync(SslProtocols protocols = SslProtocols.None)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        using var cts = new CancellationTokenSource(_timeout);
        await ssl.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = protocols,
                RemoteCertificateValidationCallback = (_, _, _, _) => true, // tests look at the session, not the chain
            },
            cts.Token);
        _stream = ssl;
        _start = _end = 0;
    }

    private async Task<string?> ReadLineAsync()
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var lf = span.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var line = Encoding.Latin1.GetString(span[..lf]).TrimEnd('\r');
                _start += lf + 1;
                return line;
            }

            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            using var cts = new CancellationTokenSource(_timeout);
            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer.AsMemory(_end), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no reply within {_timeout}");
            }

            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}
