using HdrHistogram;

namespace TlsRecordingRelay.LoadTest;

/// <summary>What the client side of a run saw: 250s, failures, acceptance latency (ticks), the TLS negotiated.</summary>
internal sealed record SendResult(int Sent, int Failed, LongHistogram Latency, string? Tls, string? FirstError);
