using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Delivery.Dsn;

/// <summary>A recipient that failed for good, with its last attempt (whose TLS facts the DSN lists).</summary>
public sealed record BouncedRecipient(string Address, DeliveryAttempt LastAttempt);
