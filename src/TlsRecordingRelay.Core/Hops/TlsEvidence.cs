using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>The TLS facts a line records and the forms they were written in (for the hop's reason).</summary>
internal sealed record TlsEvidence(TlsDetails Details, IReadOnlyList<string> Forms)
{
    public string Describe() => string.Join(", ", Forms);
}
