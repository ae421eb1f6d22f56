using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>
/// Wraps the session's reader to repair SmtpServer 11.1 defects at the only place they can be reached
/// (its parser and DATA reader are internal):
/// <list type="bullet">
/// <item>An empty message (DATA, then "." CRLF) hangs: the library looks for CRLF "." CRLF, so we hand it
/// that terminator for the client's three bytes.</item>
/// <item>A MAIL command with a repeated parameter (<c>SIZE=1 SIZE=2</c>) throws inside the parser and the
/// connection drops without a reply; we hand the parser a stand-in line carrying a sentinel parameter, and
/// the mailbox filter answers it with 501 5.5.4.</item>
/// <item>A command line has no length limit (only MaxMessageBytes, 25 MB, bounds the buffer): a line over
/// <see cref="MaxCommandLine"/> is discarded as it arrives and answered 500 5.5.2 Line too long.</item>
/// <item>Each RCPT past the recipient limit is answered 452 4.5.3 here, as Postfix does up to its
/// <c>smtpd_recipient_overshoot_limit</c>: from the filter, every 452 counted toward the library's hard error
/// limit (MaxRetryCount, 20), so a client that pipelines its whole list was cut off before DATA and, never
/// getting its first 1000 delivered either, retried forever (RFC 5321 §4.5.3.1.10 expects it to carry on).</item>
/// <item>A command not completed within <c>Smtp:CommandTimeout</c> gets 421 4.4.2 (the library says 221).</item>
/// <item>An AUTH initial response that is not base64 gets 501 5.5.2 (the library never answers it).</item>
/// <item><c>RCPT TO:&lt;postmaster&gt;</c> (no domain) is a parse error (502); RFC 5321 §4.5.1 requires it,
/// so the parser gets <c>RCPT TO:&lt;postmaster@</c>our host name<c>&gt;</c>.</item>
/// </list>
/// Every other byte passes through untouched, and nothing is ever rewritten inside message data.
/// </summary>
internal sealed class DataStartReader(PipeReader inner, Stream replies, InputRules rules) : PipeReader
{
    /// <summary>
    /// RFC 5321 §4.5.3.1.4 allows 512 octets per command line, but extensions lengthen it: an AUTH initial
    /// response may take 12288 octets (RFC 4954 §4). Beyond 16 KiB no legitimate command exists.
    /// </summary>
    public const int MaxCommandLine = 16 * 1024;

    /// <summary>The parameter the stand-in MAIL line carries; the filter turns it into 501 5.5.4.</summary>
    public const string DuplicateParameterSentinel = "XTLSRELAYDUPLICATEPARAMETER";

    // RFC 5321 §4.5.3.1.4 names the reply ("500 Line too long"); X.5.2 is RFC 3463's syntax error. (X.5.6,
    // which looks apt, is RFC 4954's "authentication exchange line is too long".)
    private static readonly byte[] LineTooLong = "500 5.5.2 Line too long\r\n"u8.ToArray();

    // RFC 4954 §4: an initial response that is not base64 MUST get 501. The library instead never answers
    // (the session hangs until the command timeout).
    private static readonly byte[] BadBase64 = "501 5.5.2 Invalid base64 data\r\n"u8.ToArray();

    private static readonly byte[] TooManyRecipients = "452 4.5.3 Too many recipients\r\n"u8.ToArray();

    // Postfix's smtpd_recipient_overshoot_limit: past it, the filter's 452 counts as an error again.
    private const int MaxOvershoot = 1000;

    private static readonly ReadOnlyMemory<byte> EmptyMessage = "\r\n.\r\n"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> DuplicateParameterLine = Encoding.ASCII.GetBytes($"MAIL FROM:<> {DuplicateParameterSentinel}=1\r\n");

    private bool _dataStartArmed;
    private bool _inData;
    private ReadOnlySequence<byte>? _synthetic;
    private long _standsFor;
    private ReadOnlySequence<byte> _innerBuffer;
    private bool _discarding;
    private int _overshoot;
    private bool _closed;
    private long? _deadline;
    private SequencePosition? _handedOut;

    /// <summary>DATA is executing: its content follows (never inspected for commands).</summary>
    public void ExpectDataStart()
    {
        _dataStartArmed = true;
        _inData = true;
        _deadline = null;
    }

    /// <summary>DATA has been answered: command lines follow again.</summary>
    public void DataFinished()
    {
        _dataStartArmed = false;
        _inData = false;
        _deadline = null;
    }

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_closed)
        {
            return new ReadResult(default, isCanceled: false, isCompleted: true);
        }

        if (_inData)
        {
            return Inspect(await inner.ReadAsync(cancellationToken));
        }

        while (true)
        {
            // Set when the library (or we) took the last command line: each command gets CommandTimeout.
            _deadline ??= Environment.TickCount64 + (long)Math.Min(rules.CommandTimeout.TotalMilliseconds, int.MaxValue);
            var result = await ReadBeforeDeadlineAsync(cancellationToken);
            if (result is not { } read)
            {
                _closed = true;
                rules.OnCommandTimeout();
                await ReplyAsync(Encoding.ASCII.GetBytes($"421 4.4.2 {rules.Hostname} Error: timeout exceeded\r\n"), cancellationToken);
                return new ReadResult(default, isCanceled: false, isCompleted: true);
            }

            if (read.IsCanceled || read.IsCompleted)
            {
                return Inspect(read);
            }

            // The library flushes every reply before it reads the next command, so writing ours here keeps
            // replies in command order, pipelined or not.
            var buffer = read.Buffer;
            if (_discarding || IsOverLong(buffer))
            {
                if (Discard(buffer))
                {
                    _deadline = null;
                    rules.OnLineTooLong();
                    await ReplyAsync(LineTooLong, cancellationToken);
                }

                continue;
            }

            if (FirstLineLength(buffer) is not long length)
            {
                // Hand the library whole lines only: it is never shown a partial line we might later discard.
                inner.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            if (IsAuthWithBadInitialResponse(buffer.Slice(0, length)))
            {
                _deadline = null;
                inner.AdvanceTo(buffer.GetPosition(length));
                await ReplyAsync(BadBase64, cancellationToken);
                continue;
            }

            if (IsExcessRecipient(buffer.Slice(0, length)))
            {
                _overshoot++;
                _deadline = null;
                inner.AdvanceTo(buffer.GetPosition(length));
                await ReplyAsync(TooManyRecipients, cancellationToken);
                continue;
            }

            _handedOut = buffer.Start;
            return Inspect(read);
        }
    }

    /// <summary>
    /// The next read, or null when the client has not completed its command within <c>Smtp:CommandTimeout</c>.
    /// Ours rather than the library's, which answers a timeout "221" (the reply to QUIT); RFC 5321 §3.8 and
    /// §4.2.2 make it 421, and Postfix says "421 4.4.2 … Error: timeout exceeded".
    /// </summary>
    private async ValueTask<ReadResult?> ReadBeforeDeadlineAsync(CancellationToken cancellationToken)
    {
        var remaining = Math.Clamp(_deadline!.Value - Environment.TickCount64, 0, int.MaxValue); // CancelAfter's range
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(remaining));
        try
        {
            return await inner.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async ValueTask ReplyAsync(byte[] reply, CancellationToken cancellationToken)
    {
        try
        {
            await replies.WriteAsync(reply, cancellationToken);
            await replies.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or NotSupportedException)
        {
            // the client is gone; the library sees the end of input and ends the session
        }
    }

    /// <summary>A RCPT past the recipient limit, which we answer 452 ourselves (see the class summary).</summary>
    private bool IsExcessRecipient(ReadOnlySequence<byte> line)
    {
        if (_overshoot >= MaxOvershoot || line.Length < 5)
        {
            return false;
        }

        Span<byte> verb = stackalloc byte[5];
        line.Slice(0, 5).CopyTo(verb);
        return Ascii.EqualsIgnoreCase(verb, "RCPT "u8) && rules.RecipientsFull();
    }

    /// <summary><c>AUTH PLAIN|LOGIN</c> with an initial response that is neither "=" (empty) nor base64.</summary>
    internal static bool IsAuthWithBadInitialResponse(ReadOnlySequence<byte> line)
    {
        if (line.Length < 5 || line.Length > MaxCommandLine)
        {
            return false;
        }

        var words = Encoding.Latin1.GetString(line).TrimEnd('\r', '\n').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 3 || !words[0].Equals("AUTH", StringComparison.OrdinalIgnoreCase)
            || !(words[1].Equals("PLAIN", StringComparison.OrdinalIgnoreCase) || words[1].Equals("LOGIN", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var initial = words[2];
        return initial != "=" && !Convert.TryFromBase64String(initial, new byte[initial.Length], out _);
    }

    public override bool TryRead(out ReadResult result)
    {
        // Between commands every read goes through ReadAsync (it may wait for a whole line, or reply);
        // "nothing yet" sends the caller there.
        if (_closed || !_inData || !inner.TryRead(out result))
        {
            result = default;
            return false;
        }

        result = Inspect(result);
        return true;
    }

    /// <summary>
    /// Drops an over-long command line as it arrives, so its bytes are never buffered; true when the line's
    /// CRLF has come and the reply is due.
    /// </summary>
    private bool Discard(ReadOnlySequence<byte> buffer)
    {
        _discarding = true;
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryAdvanceTo((byte)'\n') && PrecededByCr(buffer, reader.Position))
        {
            inner.AdvanceTo(reader.Position);
            _discarding = false;
            return true;
        }

        // Keep a trailing CR: its LF may be the next byte to arrive.
        var last = buffer.Slice(buffer.Length - 1).FirstSpan[0];
        inner.AdvanceTo(last == '\r' ? buffer.GetPosition(buffer.Length - 1) : buffer.End, buffer.End);
        return false;
    }

    private static bool PrecededByCr(ReadOnlySequence<byte> buffer, SequencePosition afterLf)
    {
        var upToLf = buffer.Slice(0, afterLf);
        return upToLf.Length >= 2 && upToLf.Slice(upToLf.Length - 2, 1).FirstSpan[0] == '\r';
    }

    private static bool IsOverLong(ReadOnlySequence<byte> buffer) =>
        buffer.Length > MaxCommandLine && FirstLineLength(buffer) is null;

    private ReadResult Inspect(ReadResult result)
    {
        if (result.IsCanceled)
        {
            return result;
        }

        var buffer = result.Buffer;
        if (_dataStartArmed)
        {
            if (buffer.Length < 3 && !result.IsCompleted)
            {
                return result; // not enough to decide yet; the library will examine and ask again
            }

            _dataStartArmed = false;
            return StartsWith(buffer, ".\r\n"u8) ? Substitute(buffer, 3, EmptyMessage) : result;
        }

        if (!_inData && FirstLineLength(buffer) is long length)
        {
            if (IsMailWithDuplicateParameter(buffer.Slice(0, length)))
            {
                return Substitute(buffer, length, DuplicateParameterLine);
            }

            if (PostmasterWithDomain(buffer.Slice(0, length), rules.Hostname) is { } line)
            {
                return Substitute(buffer, length, line);
            }
        }

        return result;
    }

    private ReadResult Substitute(ReadOnlySequence<byte> buffer, long standsFor, ReadOnlyMemory<byte> replacement)
    {
        _innerBuffer = buffer;
        _standsFor = standsFor;
        _synthetic = new ReadOnlySequence<byte>(replacement);
        return new ReadResult(_synthetic.Value, isCanceled: false, isCompleted: false);
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (_closed)
        {
            return;
        }

        if (_synthetic is not { } synthetic)
        {
            if (_handedOut is { } start && !consumed.Equals(start))
            {
                _deadline = null; // a command line was taken: the next one gets a fresh CommandTimeout
            }

            _handedOut = null;
            inner.AdvanceTo(consumed, examined);
            return;
        }

        // The library consumes a stand-in whole (it ends in the CRLF it looks for): map that onto the
        // client's bytes it replaces; anything less consumes nothing and the next read shows it again.
        _synthetic = null;
        var whole = synthetic.Slice(0, consumed).Length == synthetic.Length;
        if (whole)
        {
            _deadline = null;
        }

        var position = _innerBuffer.GetPosition(whole ? _standsFor : 0);
        _innerBuffer = default;
        inner.AdvanceTo(position, position);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    private static bool StartsWith(ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> prefix)
    {
        if (buffer.Length < prefix.Length)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[prefix.Length];
        buffer.Slice(0, prefix.Length).CopyTo(head);
        return head.SequenceEqual(prefix);
    }

    /// <summary>
    /// Length of the first line including its CRLF (the only line end the library knows, RFC 5321 §2.3.8),
    /// when it is complete within <see cref="MaxCommandLine"/>.
    /// </summary>
    private static long? FirstLineLength(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer.Length > MaxCommandLine ? buffer.Slice(0, MaxCommandLine) : buffer);
        return reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n"u8) ? reader.Consumed : null;
    }

    /// <summary>RFC 5321 §4.1.2 Mail-parameters: each esmtp-keyword once. Case-insensitive (RFC 5321 §2.4).</summary>
    internal static bool IsMailWithDuplicateParameter(ReadOnlySequence<byte> line)
    {
        if (line.Length < 10)
        {
            return false;
        }

        var text = Encoding.Latin1.GetString(line);
        if (!text.StartsWith("MAIL FROM:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var pathEnd = text.IndexOf('>', StringComparison.Ordinal);
        if (pathEnd < 0)
        {
            return false;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in text[(pathEnd + 1)..].Split([' ', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (!seen.Add(equals < 0 ? parameter : parameter[..equals]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>RCPT TO:&lt;postmaster&gt;</c> (any case, parameters kept) rewritten to name our host; null for any other line.
    /// RFC 5321 §4.5.1: a server MUST accept <c>&lt;Postmaster&gt;</c> with no domain.
    /// </summary>
    internal static byte[]? PostmasterWithDomain(ReadOnlySequence<byte> line, string domain)
    {
        const string Verb = "RCPT TO:";
        const string Bare = "<postmaster>";
        if (line.Length < Verb.Length + Bare.Length)
        {
            return null;
        }

        var text = Encoding.Latin1.GetString(line);
        if (!text.StartsWith(Verb, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = text.AsSpan(Verb.Length).TrimStart(' ');
        if (!path.StartsWith(Bare, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = path[Bare.Length..].TrimEnd("\r\n");
        return Encoding.Latin1.GetBytes($"RCPT TO:<postmaster@{domain}>{rest}\r\n");
    }
}
