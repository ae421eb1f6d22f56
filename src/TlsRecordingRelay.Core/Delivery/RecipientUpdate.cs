namespace TlsRecordingRelay.Core.Delivery;

/// <summary>The new state of one claimed recipient after an attempt, with the attempt's facts.</summary>
/// <param name="Status">One of <see cref="RecipientStatus"/>: delivered, deferred or bounced.</param>
/// <param name="NextAttemptAtUtc">When a deferred recipient becomes due again.</param>
public sealed record RecipientUpdate(DeliveryAttempt Attempt, string Status, DateTime NextAttemptAtUtc);
