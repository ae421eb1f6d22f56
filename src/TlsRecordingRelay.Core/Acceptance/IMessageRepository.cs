namespace TlsRecordingRelay.Core.Acceptance;

/// <summary>The durable store behind acceptance. Implemented by Storage; used by the SMTP listener.</summary>
public interface IMessageRepository
{
    /// <summary>
    /// Stores the message, its envelope, one <c>queued</c> row per recipient and the report row in one
    /// transaction. Returns only after commit; throws when nothing was stored (the caller answers 451).
    /// </summary>
    Task StoreAcceptedAsync(AcceptedMessage message, CancellationToken cancellationToken);
}
