using System.Buffers;
using System.IO.Pipelines;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>
/// The session's reader as SmtpServer 11.1 sees it: the client's bytes, with each command line first put
/// through the rules that repair the library's defects at the only place they can be reached (its parser
/// and DATA reader are internal): <see cref="CommandDeadline"/>, <see cref="OverLongLineDiscarder"/>,
/// <see cref="AuthInitialResponseCheck"/>, <see cref="RecipientOvershoot"/>,
/// <see cref="DuplicateMailParameter"/>, <see cref="PostmasterRecipient"/> and <see cref="EmptyMessage"/>.
/// Every other byte passes through untouched, and nothing is ever rewritten inside message data.
/// </summary>
internal sealed class SessionInputReader(PipeReader inner, Stream replies, InputRules rules) : PipeReader
{
    private readonly CommandDeadline _deadline = new(rules.CommandTimeout);
    private readonly OverLongLineDiscarder _overLong = new();
    private readonly RecipientOvershoot _overshoot = new(rules.RecipientsFull);
    private readonly StandInLine _standIn = new();
    private bool _dataStartArmed;
    private bool _inData;
    private bool _closed;
    private SequencePosition? _handedOut;

    /// <summary>DATA is executing: its content follows (never inspected for commands).</summary>
    public void ExpectDataStart()
    {
        _dataStartArmed = true;
        _inData = true;
        _deadline.Restart();
    }

    /// <summary>DATA has been answered: command lines follow again.</summary>
    public void DataFinished()
    {
        _dataStartArmed = false;
        _inData = false;
        _deadline.Restart();
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
            if (await _deadline.ReadAsync(inner, cancellationToken) is not { } read)
            {
                _closed = true;
                rules.OnCommandTimeout();
                await ReplyAsync(CommandDeadline.Reply(rules.Hostname), cancellationToken);
                return new ReadResult(default, isCanceled: false, isCompleted: true);
            }

            if (read.IsCanceled || read.IsCompleted)
            {
                return Inspect(read);
            }

            // The library flushes every reply before it reads the next command, so writing ours here keeps
            // replies in command order, pipelined or not.
            var buffer = read.Buffer;
            if (_overLong.Applies(buffer))
            {
                if (_overLong.Discard(inner, buffer))
                {
                    _deadline.Restart();
                    rules.OnLineTooLong();
                    await ReplyAsync(OverLongLineDiscarder.Reply, cancellationToken);
                }

                continue;
            }

            if (CommandLine.FirstLineLength(buffer) is not long length)
            {
                // Hand the library whole lines only: it is never shown a partial line we might later discard.
                inner.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var line = buffer.Slice(0, length);
            var answer = AuthInitialResponseCheck.IsInvalid(line) ? AuthInitialResponseCheck.Reply
                : _overshoot.Takes(line) ? RecipientOvershoot.Reply
                : null;
            if (answer is not null)
            {
                _deadline.Restart();
                inner.AdvanceTo(buffer.GetPosition(length));
                await ReplyAsync(answer, cancellationToken);
                continue;
            }

            _handedOut = buffer.Start;
            return Inspect(read);
        }
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

    /// <summary>What the library is shown of a read: the client's bytes, or a stand-in for its first line.</summary>
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
            return EmptyMessage.IsAt(buffer) ? _standIn.HandOut(buffer, EmptyMessage.ClientLine.Length, EmptyMessage.Terminator) : result;
        }

        if (!_inData && CommandLine.FirstLineLength(buffer) is long length)
        {
            var line = buffer.Slice(0, length);
            if (DuplicateMailParameter.IsIn(line))
            {
                return _standIn.HandOut(buffer, length, DuplicateMailParameter.StandIn);
            }

            if (PostmasterRecipient.WithDomain(line, rules.Hostname) is { } withDomain)
            {
                return _standIn.HandOut(buffer, length, withDomain);
            }
        }

        return result;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (_closed)
        {
            return;
        }

        if (_standIn.IsHandedOut)
        {
            if (_standIn.Consume(consumed, out var position))
            {
                _deadline.Restart();
            }

            inner.AdvanceTo(position, position);
            return;
        }

        if (_handedOut is { } start && !consumed.Equals(start))
        {
            _deadline.Restart(); // a command line was taken: the next one gets a fresh CommandTimeout
        }

        _handedOut = null;
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

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
}
