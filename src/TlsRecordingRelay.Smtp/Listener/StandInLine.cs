using System.Buffers;
using System.IO.Pipelines;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>
/// Hands the library a stand-in for the client's first line and maps what the library consumes of it back
/// onto the client's bytes.
/// </summary>
internal sealed class StandInLine
{
    private ReadOnlySequence<byte>? _standIn;
    private ReadOnlySequence<byte> _clientBuffer;
    private long _standsFor;

    /// <summary>A stand-in has been handed out and not yet consumed.</summary>
    public bool IsHandedOut => _standIn is not null;

    /// <summary>The read result that shows <paramref name="replacement"/> for the first <paramref name="standsFor"/> bytes.</summary>
    public ReadResult HandOut(ReadOnlySequence<byte> clientBuffer, long standsFor, ReadOnlyMemory<byte> replacement)
    {
        _clientBuffer = clientBuffer;
        _standsFor = standsFor;
        _standIn = new ReadOnlySequence<byte>(replacement);
        return new ReadResult(_standIn.Value, isCanceled: false, isCompleted: false);
    }

    /// <summary>
    /// The position in the client's bytes that <paramref name="consumed"/> (in the stand-in) means; true when the
    /// stand-in was consumed whole.
    /// </summary>
    public bool Consume(SequencePosition consumed, out SequencePosition position)
    {
        // The library consumes a stand-in whole (it ends in the CRLF it looks for): map that onto the
        // client's bytes it replaces; anything less consumes nothing and the next read shows it again.
        var standIn = _standIn!.Value;
        _standIn = null;
        var whole = standIn.Slice(0, consumed).Length == standIn.Length;
        position = _clientBuffer.GetPosition(whole ? _standsFor : 0);
        _clientBuffer = default;
        return whole;
    }
}
