using TlsRecordingRelay.Core.Milter;

namespace TlsRecordingRelay.Milter.Tests.Server;

/// <summary>A report store that never answers, like a database behind a dropped network path.</summary>
internal sealed class HangingRepository : IMilterReportRepository
{
    public async Task StoreAsync(MilterReport report, CancellationToken cancellationToken) =>
        await Task.Delay(Timeout.Infinite, cancellationToken);
}
