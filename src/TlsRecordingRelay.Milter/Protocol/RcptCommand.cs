namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>SMFIC_RCPT: one forward-path as sent, then ESMTP parameters.</summary>
public sealed record RcptCommand(string Recipient, IReadOnlyList<string> Arguments) : MilterCommand(MilterCommandCode.Rcpt);
