using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using TlsRecordingRelay.Core.Delivery;
using TlsRecordingRelay.Delivery.Metrics;
using TlsRecordingRelay.Storage.Queue;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.Delivery.Tests;

/// <summary>The queue gauges on a real queue: depth and age per status, and the database asked at most once per interval.</summary>
[Collection(PostgresCollection.Name)]
public sealed class QueueGaugesTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Scrapes_in_a_burst_read_the_queue_once_and_the_gauges_show_depth_and_age()
    {
        await using var db = new QueueDatabase(await postgres.CreateDatabaseAsync("gauges"));
        await db.AcceptAsync("alice@sender.test", ["a@example.test", "b@example.test"], receivedAtUtc: DateTime.UtcNow.AddMinutes(-10));
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var statistics = new CountingStatistics(new PostgresQueueStatistics(dataSource));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var depth = new MetricCollector<long>(factory, QueueGauges.MeterName, "tlsrelay.queue.recipients");
        using var age = new MetricCollector<double>(factory, QueueGauges.MeterName, "tlsrelay.queue.oldest.age");
        var gauges = new QueueGauges(factory, statistics, time, NullLogger<QueueGauges>.Instance);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => gauges.RefreshAsync(CancellationToken.None)));
        Assert.Equal(1, statistics.Reads);

        depth.RecordObservableInstruments();
        var byStatus = depth.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["status"]!, m => m.Value);
        Assert.Equal(new Dictionary<string, long> { ["queued"] = 2, ["deferred"] = 0, ["sending"] = 0 }, byStatus);
        age.RecordObservableInstruments();
        var queued = Assert.Single(age.GetMeasurementSnapshot());
        Assert.Equal("queued", queued.Tags["status"]);
        Assert.InRange(queued.Value, 9 * 60, 11 * 60);

        time.Advance(QueueGauges.SampleInterval - TimeSpan.FromSeconds(1));
        await gauges.RefreshAsync(CancellationToken.None);
        Assert.Equal(1, statistics.Reads);
        time.Advance(TimeSpan.FromSeconds(1));
        await gauges.RefreshAsync(CancellationToken.None);
        Assert.Equal(2, statistics.Reads);
    }

    [Fact]
    public async Task With_the_database_unreachable_the_gauges_are_left_out_instead_of_stale()
    {
        var missing = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("gone")) { Database = "no_such_database_here" };
        await using var dataSource = NpgsqlDataSource.Create(missing.ConnectionString);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var depth = new MetricCollector<long>(factory, QueueGauges.MeterName, "tlsrelay.queue.recipients");
        var gauges = new QueueGauges(factory, new PostgresQueueStatistics(dataSource), new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<QueueGauges>.Instance);

        await gauges.RefreshAsync(CancellationToken.None); // must not throw

        depth.RecordObservableInstruments();
        Assert.Empty(depth.GetMeasurementSnapshot());
    }
}
