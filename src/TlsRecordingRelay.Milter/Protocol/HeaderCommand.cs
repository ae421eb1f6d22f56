namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>
/// SMFIC_HEADER: one header field. Without SMFIP_HDR_LEADSPC the MTA drops the space after the colon;
/// folded values keep their line breaks (LF, per the libmilter docs) and leading white space.
/// </summary>
public sealed record HeaderCommand(string Name, string Value) : MilterCommand(MilterCommandCode.Header);
