namespace TlsRecordingRelay.Delivery.Routing;

/// <summary>One MX record; <paramref name="Exchange"/> without the trailing dot, empty for the RFC 7505 null MX <c>0 .</c>.</summary>
public sealed record MxRecord(int Preference, string Exchange);
