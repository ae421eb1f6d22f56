namespace TlsRecordingRelay.Delivery.Sending;

/// <summary>Whether a server certificate verified, and why not.</summary>
public sealed record CertificateCheck(bool Verified, string? Error);
