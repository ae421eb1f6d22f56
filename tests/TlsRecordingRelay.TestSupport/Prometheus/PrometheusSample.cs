namespace TlsRecordingRelay.TestSupport.Prometheus;

/// <summary>One sample line of the Prometheus text format: <c>name{label="value",…} value</c>.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
