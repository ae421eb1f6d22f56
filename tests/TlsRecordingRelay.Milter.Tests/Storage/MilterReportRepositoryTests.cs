using Dapper;
using Npgsql;
using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.Core.Milter;
using TlsRecordingRelay.Core.Tls;
using TlsRecordingRelay.Storage.Milter;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.Milter.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class MilterReportRepositoryTests(PostgresFixture postgres)
{
    private static MilterReport Report(string queueId, TlsDetails? tls) => new()
    {
        SessionId = Guid.NewGuid(),
        MtaQueueId = queueId,
        MtaHostname = "mx.ours.example",
        DaemonName = "smtpd",
        MessageId = "m1@example.net",
        ReceivedAtUtc = new DateTime(2026, 12, 3, 18, 0, 0, DateTimeKind.Utc),
        MailFrom = string.Empty,
        Recipients = ["bob@example.org", "carol@example.org"],
        Client = new InboundClient("192.0.2.10", 40000, "mail.example.net", null),
        WithProtocol = tls is null ? "ESMTP" : "ESMTPS",
        Tls = tls,
        ClientCertificateSubject = null,
        ClientCertificateIssuer = null,
        AuthenticatedUser = null,
        MtaReceived = "Received: from mail.example.net ([192.0.2.10])\r\n\tby mx.ours.example ...\r\n",
        UpstreamReceived = ["from a by b; Thu, 3 Dec 2026 10:00:00 +0000"],
        Verdict = "unknown",
        HopsJson = """[{"index":0}]""",
        Action = "accept",
        AddedHeader = "unknown; 2 hops; inbound plaintext",
    };

    [Fact]
    public async Task A_report_is_stored_with_its_tls_object_and_found_by_message_id_and_queue_id()
    {
        var connectionString = await postgres.CreateDatabaseAsync("milter");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var repository = new MilterReportRepository(dataSource);
        await repository.StoreAsync(Report("4AbC", new TlsDetails("TLSv1.3", "TLSv1.3", "TLS_AES_256_GCM_SHA384", 256, null)), CancellationToken.None);
        await repository.StoreAsync(Report("5XyZ", null), CancellationToken.None);

        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Queue, string? Version, string? Cipher, int Recipients, string From, string Action)>(
            """
            SELECT mta_queue_id, tls->>'version', tls->>'cipher', jsonb_array_length(recipients), mail_from, action
            FROM milter_reports WHERE message_id = 'm1@example.net' ORDER BY id
            """)).ToList();
        Assert.Equal(
            [("4AbC", "TLSv1.3", "TLS_AES_256_GCM_SHA384", 2, string.Empty, "accept"), ("5XyZ", null, null, 2, string.Empty, "accept")],
            rows);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM milter_reports WHERE mta_queue_id = '5XyZ'"));
    }

    [Fact]
    public async Task A_report_with_an_undefined_action_is_refused_by_the_schema()
    {
        var connectionString = await postgres.CreateDatabaseAsync("milter");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var repository = new MilterReportRepository(dataSource);
        await Assert.ThrowsAsync<PostgresException>(() => repository.StoreAsync(Report("Q", null) with { Action = "discard" }, CancellationToken.None));
    }

    [Fact]
    public async Task A_local_time_is_refused_before_it_reaches_the_database()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1");
        var repository = new MilterReportRepository(dataSource);
        var local = Report("Q", null) with { ReceivedAtUtc = new DateTime(2026, 12, 3, 18, 0, 0, DateTimeKind.Local) };
        await Assert.ThrowsAsync<ArgumentException>(() => repository.StoreAsync(local, CancellationToken.None));
    }
}
