using System.Buffers;
using System.IO.Pipelines;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>
/// Wraps the session's reader to fix SmtpServer 11.1's empty-message hang: its DATA reader looks for
/// CRLF "." CRLF, so a message that is just "." CRLF (no preceding CRLF) is never terminated and the
/// client waits until the session timeout. When DATA starts with "." CRLF we hand the library the
/// terminator it looks for; every other message passes through untouched.
/// </summary>
internal sealed class DataStartReader(PipeReader inner) : PipeReader
{
    private static readonly ReadOnlyMemory<byte> EmptyMessage = "\r\n.\r\n"u8.ToArray();

    private bool _armed;
    private ReadOnlySequence<byte>? _synthetic;
    private ReadOnlySequence<byte> _innerBuffer;

    public void ExpectDataStart() => _armed = true;

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
        if (!_armed || result.IsCanceled)
        {
            return result;
        }

        var buffer = result.Buffer;
        if (buffer.Length < 3 && !result.IsCompleted)
        {
            // Not enough to decide yet; the library will examine and ask again.
            return result;
        }

        _armed = false;
        Span<byte> head = stackalloc byte[3];
        if (buffer.Length >= 3)
        {
            buffer.Slice(0, 3).CopyTo(head);
            if (head.SequenceEqual(".\r\n"u8))
            {
                _innerBuffer = buffer;
                _synthetic = new ReadOnlySequence<byte>(EmptyMessage);
                return new ReadResult(_synthetic.Value, isCanceled: false, isCompleted: false);
            }
        }

        return result;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (_synthetic is not { } synthetic)
        {
            inner.AdvanceTo(consumed, examined);
            return;
        }

        // Map our 5 synthetic bytes (CRLF "." CRLF) onto the client's 3 ("." CRLF).
        _synthetic = null;
        var taken = synthetic.Slice(0, consumed).Length;
        var innerTaken = Math.Clamp(taken - 2, 0, 3);
        var position = _innerBuffer.GetPosition(innerTaken);
        _innerBuffer = default;
        inner.AdvanceTo(position, position);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
}
