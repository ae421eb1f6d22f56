namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>
/// One milter packet: a 4-byte network-order length (command byte + data), the command byte, the data
/// (libmilter's wire format, shared by both directions).
/// </summary>
public sealed record MilterFrame(byte Command, ReadOnlyMemory<byte> Data)
{
    /// <summary>Length field plus command byte.</summary>
    public const int HeaderBytes = 5;
}
