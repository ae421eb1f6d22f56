using System.Collections.Concurrent;
using TlsRecordingRelay.Core.Milter;

namespace TlsRecordingRelay.Milter.Tests.Server;

/// <summary>An in-memory report store that can be told to fail like a database that is down.</summary>
internal sealed class RecordingRepository : IMilterReportRepository
{
    public ConcurrentQueue<MilterReport> Reports { get; } = new();

    public bool Fail { get; set; }

    public Task StoreAsync(MilterReport report, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            throw new InvalidOperationException("database is down (test)");
        }

        Reports.Enqueue(report);
        return Task.CompletedTask;
    }
}
