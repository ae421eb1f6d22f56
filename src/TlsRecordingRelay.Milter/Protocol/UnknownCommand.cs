namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>SMFIC_UNKNOWN: an SMTP command line the MTA did not recognise.</summary>
public sealed record UnknownCommand(string Line) : MilterCommand(MilterCommandCode.Unknown);
