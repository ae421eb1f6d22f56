using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Delivery.Sending;

/// <summary>
/// The result of trying to open one SMTP session: a client ready for MAIL FROM, or the outcome to give
/// every recipient if no hop works (<paramref name="Failure"/>) and whether that failure was TLS policy.
/// </summary>
internal sealed record OpenedSession(RelaySmtpClient? Client, SessionFacts Facts, DeliveryOutcome? Failure, bool TlsRefusal);
