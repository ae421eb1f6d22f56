using TlsRecordingRelay.Core.Milter;

namespace TlsRecordingRelay.Core.Reports;

/// <summary>Reads stored delivery reports (the port behind <c>tlsrelay report</c> and the HTTP API).</summary>
public interface IReportReader
{
    /// <summary>Every accepted message with this Message-ID (without angle brackets), newest first; empty when none.</summary>
    Task<IReadOnlyList<DeliveryReport>> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>The message with this queue id, as a list of zero or one.</summary>
    Task<IReadOnlyList<DeliveryReport>> FindByQueueIdAsync(string queueId, CancellationToken cancellationToken);

    /// <summary>Reports of messages an MTA showed us through the milter, by Message-ID or by the MTA's queue id; newest first.</summary>
    Task<IReadOnlyList<MilterReport>> FindMilterReportsAsync(string id, CancellationToken cancellationToken);
}
