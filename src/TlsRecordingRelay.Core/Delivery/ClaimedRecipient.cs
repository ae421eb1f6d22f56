namespace TlsRecordingRelay.Core.Delivery;

/// <summary>One recipient row this worker holds a lease on.</summary>
/// <param name="Attempts">Attempts including the one now starting (counted at claim, so a crash still counts).</param>
public sealed record ClaimedRecipient(long Id, string Address, int Attempts);
