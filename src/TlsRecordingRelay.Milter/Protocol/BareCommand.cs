namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>A command without data: DATA (T), end of headers (N), abort (A), quit (Q), quit-new-connection (K).</summary>
public sealed record BareCommand(byte Code) : MilterCommand(Code);
