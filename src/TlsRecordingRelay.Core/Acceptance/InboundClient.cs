namespace TlsRecordingRelay.Core.Acceptance;

/// <summary>The SMTP client as we observed it: its address, what it said in HELO/EHLO, its reverse-DNS name.</summary>
public sealed record InboundClient(string Ip, int Port, string? Helo, string? Rdns);
