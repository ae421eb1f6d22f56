namespace TlsRecordingRelay.Core.Reports;

/// <summary>The sending side of a stored hop: what it said in HELO, its reverse-DNS name, its address.</summary>
public sealed record ReportHopEndpoint(string? Helo, string? Rdns, string? Ip);
