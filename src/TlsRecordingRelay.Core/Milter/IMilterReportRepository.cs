namespace TlsRecordingRelay.Core.Milter;

/// <summary>
/// Where the milter records what it learnt about a message another MTA received. Implemented by Storage;
/// used by the milter. Kept apart from <see cref="Acceptance.IMessageRepository"/>: the MTA, not we, holds and
/// delivers these messages, so they never enter our queue.
/// </summary>
public interface IMilterReportRepository
{
    /// <summary>Stores one report row; returns after commit, throws when nothing was stored.</summary>
    Task StoreAsync(MilterReport report, CancellationToken cancellationToken);
}
