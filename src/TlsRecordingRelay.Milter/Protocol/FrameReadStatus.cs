namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>How reading one packet ended.</summary>
public enum FrameReadStatus
{
    /// <summary>A whole packet was read.</summary>
    Frame,

    /// <summary>The peer closed the connection between packets (a normal end).</summary>
    Closed,

    /// <summary>The peer sent something no MTA sends (zero length, over the limit, cut short): close the connection.</summary>
    Malformed,
}
