namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>The outcome of reading one packet: a frame, a clean close, or why the stream is unusable.</summary>
public sealed record FrameReadResult(FrameReadStatus Status, MilterFrame? Frame, string? Error)
{
    public static FrameReadResult Closed { get; } = new(FrameReadStatus.Closed, null, null);

    public static FrameReadResult Of(MilterFrame frame) => new(FrameReadStatus.Frame, frame, null);

    public static FrameReadResult Malformed(string error) => new(FrameReadStatus.Malformed, null, error);
}
