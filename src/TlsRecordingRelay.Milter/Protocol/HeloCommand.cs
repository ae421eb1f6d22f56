namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>SMFIC_HELO: the HELO/EHLO argument (sent again after STARTTLS, with the TLS macros).</summary>
public sealed record HeloCommand(string Name) : MilterCommand(MilterCommandCode.Helo);
