namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>A decoded command, or why the packet is malformed (errors are data: the session closes the connection).</summary>
public sealed record MilterParseResult(MilterCommand? Command, string? Error)
{
    public static MilterParseResult Ok(MilterCommand command) => new(command, null);

    public static MilterParseResult Malformed(string error) => new(null, error);
}
