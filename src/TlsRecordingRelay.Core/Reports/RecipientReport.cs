namespace TlsRecordingRelay.Core.Reports;

/// <summary>One envelope recipient: where its delivery stands and how the last attempt went.</summary>
/// <param name="Status">queued, deferred, sending, delivered or bounced.</param>
/// <param name="Policy">The TLS policy applied (none, may, encrypt, verify); null before the first attempt.</param>
public sealed record RecipientReport(
    string Address,
    string Status,
    string? Policy,
    int Attempts,
    DateTime? NextAttemptAtUtc,
    AttemptReport? LastAttempt);
