namespace TlsRecordingRelay.TestSupport.Smtp;

/// <summary>One message a <see cref="LoopbackSmtpSink"/> accepted: envelope, exact DATA bytes (un-dot-stuffed) and the session's TLS.</summary>
public sealed record SinkMessage(
    string MailFrom,
    IReadOnlyList<string> Recipients,
    byte[] Data,
    string? TlsProtocol,
    string? TlsCipher,
    string Ehlo);
