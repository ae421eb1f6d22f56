namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>SMFIC_BODY: one chunk of the body (SMFIC_BODYEOB uses <see cref="EndOfMessageCommand"/>).</summary>
public sealed record BodyCommand(ReadOnlyMemory<byte> Chunk) : MilterCommand(MilterCommandCode.Body);
