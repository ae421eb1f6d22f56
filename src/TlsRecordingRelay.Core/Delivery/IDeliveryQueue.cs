namespace TlsRecordingRelay.Core.Delivery;

/// <summary>
/// The durable delivery queue shared by every relay node on one database. Claims are leases: a worker
/// that dies leaves rows behind that <see cref="ReleaseExpiredLeasesAsync"/> returns to the queue.
/// </summary>
public interface IDeliveryQueue
{
    /// <summary>
    /// Leases up to <paramref name="maxRecipients"/> due recipients (skipping rows other workers hold),
    /// marks them <c>sending</c> and returns them grouped by message.
    /// </summary>
    Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(string workerId, int maxRecipients, DateTime nowUtc, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Records the attempts and new states of recipients this worker holds, and queues the DSNs, in one
    /// transaction. Returns how many recipients were still leased by <paramref name="workerId"/>.
    /// </summary>
    Task<int> CompleteAsync(string workerId, IReadOnlyList<RecipientUpdate> updates, IReadOnlyList<OutgoingMessage> notifications, CancellationToken cancellationToken);

    /// <summary>
    /// Gives leased recipients back unattempted (due at once, for any node), e.g. when shutdown cut a batch.
    /// Returns how many were still leased by <paramref name="workerId"/>.
    /// </summary>
    Task<int> ReleaseAsync(string workerId, IReadOnlyList<long> recipientIds, DateTime nowUtc, CancellationToken cancellationToken);

    /// <summary>Returns <c>sending</c> recipients whose lease ran out to the queue; returns how many.</summary>
    Task<int> ReleaseExpiredLeasesAsync(DateTime nowUtc, CancellationToken cancellationToken);

    /// <summary>A task that completes when new recipients are queued (on any node); never faults.</summary>
    Task WaitForNewWorkAsync(CancellationToken cancellationToken);
}
