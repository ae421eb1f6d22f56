using System.Buffers;
using System.IO.Pipelines;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>
/// Drops a command line longer than <see cref="CommandLine.MaxLength"/> as it arrives, so its bytes are never
/// buffered (SmtpServer 11.1 has no line limit: only MaxMessageBytes, 25 MB, bounds its buffer).
/// </summary>
internal sealed class OverLongLineDiscarder
{
    // RFC 5321 §4.5.3.1.4 names the reply ("500 Line too long"); X.5.2 is RFC 3463's syntax error. (X.5.6,
    // which looks apt, is RFC 4954's "authentication exchange line is too long".)
    public static readonly byte[] Reply = "500 5.5.2 Line too long\r\n"u8.ToArray();

    private bool _discarding;

    /// <summary>The buffer starts (or continues) a line over the limit.</summary>
    public bool Applies(ReadOnlySequence<byte> buffer) => _discarding || CommandLine.IsOverLong(buffer);

    /// <summary>Consumes what has come of the line; true when its CRLF has come and <see cref="Reply"/> is due.</summary>
    public bool Discard(PipeReader inner, ReadOnlySequence<byte> buffer)
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
}
