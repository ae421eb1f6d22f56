namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>SMFIC_BODYEOB: the final dot; the only point where the filter may modify the message.</summary>
/// <param name="FinalChunk">A last body chunk the MTA may attach (usually empty).</param>
public sealed record EndOfMessageCommand(ReadOnlyMemory<byte> FinalChunk) : MilterCommand(MilterCommandCode.EndOfMessage);
