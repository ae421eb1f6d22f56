namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>SMFIC_MAIL: the reverse-path as sent (usually in angle brackets), then ESMTP parameters.</summary>
public sealed record MailCommand(string Sender, IReadOnlyList<string> Arguments) : MilterCommand(MilterCommandCode.Mail);
