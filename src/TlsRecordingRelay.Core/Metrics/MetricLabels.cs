using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Core.Metrics;

/// <summary>
/// Label values for the metrics, from a small fixed set: every distinct value is a time series in Prometheus,
/// so text from peers (a version string a server printed) never becomes a label as is.
/// </summary>
public static class MetricLabels
{
    /// <summary>No TLS: the session or the delivery was plaintext.</summary>
    public const string NoTls = "none";

    /// <summary>TLS whose version is not one of the named ones (or not known).</summary>
    public const string OtherTls = "other";

    /// <summary><c>TLSv1.2</c>, <c>TLSv1.3</c>, <c>TLSv1.0</c>, <c>TLSv1.1</c>, <c>SSLv3</c>, <see cref="OtherTls"/> or <see cref="NoTls"/>.</summary>
    public static string Tls(TlsDetails? tls) => tls is null ? NoTls : tls.Version switch
    {
        string version and ("TLSv1.3" or "TLSv1.2" or "TLSv1.1" or "TLSv1.0" or "SSLv3") => version,
        _ => OtherTls,
    };

    /// <summary>A hop judgement or chain verdict (<see cref="HopSecurity"/>); anything else counts as unknown.</summary>
    public static string Security(string? judgement) => judgement switch
    {
        string known and (HopSecurity.Encrypted or HopSecurity.Internal or HopSecurity.Plaintext) => known,
        _ => HopSecurity.Unknown,
    };
}
