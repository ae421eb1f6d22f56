namespace TlsRecordingRelay.Core.Delivery;

/// <summary>The recipients waiting in one <see cref="RecipientStatus"/> and when the oldest of them was accepted.</summary>
public sealed record QueueDepth(string Status, long Recipients, DateTime OldestAcceptedUtc);
