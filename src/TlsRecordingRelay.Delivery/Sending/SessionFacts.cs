using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Delivery.Sending;

/// <summary>What one SMTP connection showed: where it went and the TLS it ran (copied into every attempt row).</summary>
internal sealed class SessionFacts
{
    public string? Host { get; set; }

    public string? Ip { get; set; }

    public int? Port { get; set; }

    public bool? StartTlsOffered { get; set; }

    public TlsDetails? Tls { get; set; }

    public CertificateCheck? Certificate { get; set; }

    public string? TlsError { get; set; }
}
