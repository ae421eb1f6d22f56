using System.Buffers.Binary;

namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>
/// Reads length-prefixed milter packets. The length is checked against a limit before anything is allocated,
/// so a hostile or broken peer costs at most one limit-sized buffer, never an unbounded allocation.
/// </summary>
public static class MilterFrameReader
{
    public static async Task<FrameReadResult> ReadAsync(Stream stream, int maxPacketBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[4];
        var got = await stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, cancellationToken);
        if (got == 0)
        {
            return FrameReadResult.Closed;
        }

        if (got < 4)
        {
            return FrameReadResult.Malformed($"connection closed inside a packet length ({got} of 4 bytes)");
        }

        // mfdef.h: the length counts the command byte and the data, network byte order.
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length == 0)
        {
            return FrameReadResult.Malformed("packet length 0 (no command byte)");
        }

        if (length > (uint)maxPacketBytes)
        {
            return FrameReadResult.Malformed($"packet length {length} exceeds the limit of {maxPacketBytes} bytes");
        }

        var body = new byte[length];
        got = await stream.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, cancellationToken);
        if (got < body.Length)
        {
            return FrameReadResult.Malformed($"connection closed inside a packet ({got} of {length} bytes)");
        }

        return FrameReadResult.Of(new MilterFrame(body[0], body.AsMemory(1)));
    }
}
