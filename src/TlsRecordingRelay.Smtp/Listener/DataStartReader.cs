using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>
/// Wraps the session's reader to repair two SmtpServer 11.1 defects at the only place they can be reached
/// (its parser and DATA reader are internal):
/// <list type="bullet">
/// <item>An empty message (DATA, then "." CRLF) hangs: the library looks for CRLF "." CRLF, so we hand it
/// that terminator for the client's three bytes.</item>
/// <item>A MAIL command with a repeated parameter (<c>SIZE=1 SIZE=2</c>) throws inside the parser and the
/// connection drops without a reply; we hand the parser a stand-in line carrying a sentinel parameter, and
/// the mailbox filter answers it with 501 5.5.4.</item>
/// </list>
/// Every other byte passes through untouched, and nothing is ever rewritten inside message data.
/// </summary>
internal sealed class DataStartReader(PipeReader inner) : PipeReader
{
    /// <summary>The parameter the stand-in MAIL line carries; the filter turns it into 501 5.5.4.</summary>
    public const string DuplicateParameterSentinel = "XTLSRELAYDUPLICATEPARAMETER";

    private const int MaxInspectedLine = 64 * 1024;

    private static readonly ReadOnlyMemory<byte> EmptyMessage = "\r\n.\r\n"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> DuplicateParameterLine = Encoding.ASCII.GetBytes($"MAIL FROM:<> {DuplicateParameterSentinel}=1\r\n");

    private bool _dataStartArmed;
    private bool _inData;
    private ReadOnlySequence<byte>? _synthetic;
    private long _standsFor;
    private ReadOnlySequence<byte> _innerBuffer;

    /// <summary>DATA is executing: its content follows (never inspected for commands).</summary>
    public void ExpectDataStart()
    {
        _dataStartArmed = true;
        _inData = true;
    }

    /// <summary>DATA has been answered: command lines follow again.</summary>
    public void DataFinished()
    {
        _dataStartArmed = false;
        _inData = false;
    }

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await inner.ReadAsync(cancellationToken);
        return Inspect(result);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        result = Inspect(result);
        return true;
    }

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

        if (!_inData && FirstLineLength(buffer) is long length && IsMailWithDuplicateParameter(buffer.Slice(0, length)))
        {
            return Substitute(buffer, length, DuplicateParameterLine);
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
        if (_synthetic is not { } synthetic)
        {
            inner.AdvanceTo(consumed, examined);
            return;
        }

        // The library consumes a stand-in whole (it ends in the CRLF it looks for): map that onto the
        // client's bytes it replaces; anything less consumes nothing and the next read shows it again.
        _synthetic = null;
        var whole = synthetic.Slice(0, consumed).Length == synthetic.Length;
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

    /// <summary>Length of the first line including its LF, when it is complete and short enough to inspect.</summary>
    private static long? FirstLineLength(ReadOnlySequence<byte> buffer)
    {
        var window = buffer.Length > MaxInspectedLine ? buffer.Slice(0, MaxInspectedLine) : buffer;
        return window.PositionOf((byte)'\n') is { } lf ? window.Slice(0, lf).Length + 1 : null;
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
}
