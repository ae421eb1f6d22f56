namespace TlsRecordingRelay.Delivery.Routing;

/// <summary>The records of one DNS question with how the question ended; <paramref name="Error"/> says why it failed.</summary>
public sealed record DnsAnswer<T>(DnsStatus Status, IReadOnlyList<T> Records, string? Error = null);
