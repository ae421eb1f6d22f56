using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>The TLS facts a line records, and the reason naming the forms they were written in.</summary>
internal sealed record TlsEvidence(TlsDetails Details, string Reason);
