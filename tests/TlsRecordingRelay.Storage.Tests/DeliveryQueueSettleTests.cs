using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TlsRecordingRelay.Core.Delivery;
using TlsRecordingRelay.Core.Tls;
using TlsRecordingRelay.Storage.Queue;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.Storage.Tests;

/// <summary>Settling on a real PostgreSQL: the lease checked per recipient, every attempt recorded, a batch all or nothing.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DeliveryQueueSettleTests(PostgresFixture fixture) : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);
    private NpgsqlDataSource _dataSource = null!;
    private PostgresDeliveryQueue _queue = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await fixture.CreateDatabaseAsync("settle") + ";Timezone=Asia/Tokyo");
        var notifications = new QueueNotifications(_dataSource, TimeProvider.System, NullLogger<QueueNotifications>.Instance);
        _queue = new PostgresDeliveryQueue(_dataSource, notifications);
        await new MessageRepository(_dataSource, NullLogger<MessageRepository>.Instance)
            .StoreAcceptedAsync(TestMessages.Create(receivedAtUtc: Now.AddMinutes(-1), recipients: ["a@one.example", "b@two.example", "c@three.example"]), CancellationToken.None);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task A_batch_settles_only_the_rows_still_leased_to_the_worker_and_records_every_attempt()
    {
        var claimed = (await _queue.ClaimAsync("w1", 10, Now, TimeSpan.FromMinutes(5), CancellationToken.None)).Single();
        var (a, b, c) = (claimed.Recipients[0], claimed.Recipients[1], claimed.Recipients[2]);
        await using (var connection = await _dataSource.OpenConnectionAsync())
        {
            // The reaper gave c to another worker meanwhile.
            await connection.ExecuteAsync("UPDATE recipients SET locked_by = 'w2' WHERE id = @Id", new { c.Id });
        }

        var tls = new TlsDetails("TLSv1.3", "Tls13", "TLS_AES_256_GCM_SHA384", 256, null);
        var settled = await _queue.CompleteAsync("w1",
        [
            new RecipientUpdate(Attempt(a.Id, DeliveryOutcome.Success(250, "2.0.0", "ok id=Q1"), tls), RecipientStatus.Delivered, Now),
            new RecipientUpdate(Attempt(b.Id, DeliveryOutcome.Temporary("4.7.4", "no STARTTLS"), null), RecipientStatus.Deferred, Now.AddMinutes(15)),
            new RecipientUpdate(Attempt(c.Id, DeliveryOutcome.Success(250, "2.0.0", "ok"), tls), RecipientStatus.Delivered, Now),
        ], [], CancellationToken.None);

        Assert.Equal(2, settled);
        await using var check = await _dataSource.OpenConnectionAsync();
        var rows = (await check.QueryAsync<(long Id, string Status, string? LockedBy, DateTime NextAttemptAt)>(
            "SELECT id, status, locked_by, next_attempt_at FROM recipients ORDER BY id")).ToList();
        Assert.Equal([(a.Id, "delivered", (string?)null), (b.Id, "deferred", null), (c.Id, "sending", "w2")],
            rows.Select(r => (r.Id, r.Status, r.LockedBy)));
        Assert.Equal(Now.AddMinutes(15), rows[1].NextAttemptAt);
        var attempts = (await check.QueryAsync<(long Ref, string Result, string? Cipher, int? Bits, int? Code, string Status, string Worker)>(
            "SELECT recipient_ref, result, tls_cipher, tls_bits, reply_code, enhanced_status, worker FROM delivery_attempts ORDER BY recipient_ref")).ToList();
        Assert.Equal(
            [(a.Id, "delivered", "TLS_AES_256_GCM_SHA384", 256, 250, "2.0.0", "w1"), (b.Id, "deferred", null, null, null, "4.7.4", "w1"),
             (c.Id, "delivered", "TLS_AES_256_GCM_SHA384", 256, 250, "2.0.0", "w1")],
            attempts.Select(x => (x.Ref, x.Result, x.Cipher, x.Bits, x.Code, x.Status, x.Worker)));
    }

    [Fact]
    public async Task A_local_time_in_the_batch_writes_nothing()
    {
        var claimed = (await _queue.ClaimAsync("w1", 10, Now, TimeSpan.FromMinutes(5), CancellationToken.None)).Single();
        var local = DateTime.SpecifyKind(Now, DateTimeKind.Local);

        await Assert.ThrowsAsync<ArgumentException>(() => _queue.CompleteAsync("w1",
        [
            new RecipientUpdate(Attempt(claimed.Recipients[0].Id, DeliveryOutcome.Success(250, "2.0.0", "ok"), null), RecipientStatus.Delivered, Now),
            new RecipientUpdate(Attempt(claimed.Recipients[1].Id, DeliveryOutcome.Success(250, "2.0.0", "ok"), null), RecipientStatus.Delivered, local),
        ], [], CancellationToken.None));

        await using var check = await _dataSource.OpenConnectionAsync();
        Assert.Equal(0L, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM delivery_attempts"));
        Assert.Equal(3L, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM recipients WHERE status = 'sending'"));
    }

    private static DeliveryAttempt Attempt(long recipientId, DeliveryOutcome outcome, TlsDetails? tls) => new()
    {
        RecipientId = recipientId,
        AttemptedAtUtc = Now,
        Route = "route:*",
        Host = "127.0.0.1",
        Ip = "127.0.0.1",
        Port = 10026,
        Policy = TlsPolicy.May,
        StartTlsOffered = tls is not null,
        Tls = tls,
        CertificateVerified = tls is null ? null : false,
        Outcome = outcome,
    };
}
