using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class MessageRepositoryTests(PostgresFixture fixture) : IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;
    private MessageRepository _repository = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await fixture.CreateDatabaseAsync("repo");
        // A session time zone far from UTC: timestamps must still be the UTC instant we wrote.
        var builder = new NpgsqlDataSourceBuilder(connectionString + ";Timezone=America/New_York");
        _dataSource = builder.Build();
        _repository = new MessageRepository(_dataSource, NullLogger<MessageRepository>.Instance);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task A_stored_message_round_trips_with_identical_bytes_envelope_and_queued_recipients()
    {
        var message = TestMessages.Create(recipients: ["bob@ours.example", "carol@ours.example", "bob@ours.example"]);

        await _repository.StoreAcceptedAsync(message, CancellationToken.None);

        await using var connection = await _dataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<MessageRow>(
            """
            SELECT id, queue_id AS QueueId, session_id AS SessionId, message_id AS MessageId, received_at AS ReceivedAt,
                   mail_from AS MailFrom, mail_parameters::text AS MailParameters, size_bytes AS SizeBytes,
                   received_header AS ReceivedHeader, content AS Content,
                   to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS ReceivedAtUtcText
            FROM messages WHERE queue_id = @QueueId
            """,
            new { message.QueueId });
        Assert.Equal(message.Content.ToArray(), row.Content);
        Assert.Equal(message.SessionId, row.SessionId);
        Assert.Equal(message.MessageId, row.MessageId);
        Assert.Equal(message.MailFrom, row.MailFrom);
        Assert.Equal(message.ReceivedHeader, row.ReceivedHeader);
        Assert.Equal(message.Content.Length, row.SizeBytes);
        Assert.Equal(message.ReceivedAtUtc, row.ReceivedAt);
        Assert.Equal(DateTimeKind.Utc, row.ReceivedAt.Kind);
        Assert.Equal("2026-12-03T18:45:35.123", row.ReceivedAtUtcText);
        Assert.Equal("""{"BODY": "8BITMIME", "SIZE": "1234"}""", row.MailParameters);

        var recipients = (await connection.QueryAsync<RecipientRow>(
            """
            SELECT address AS Address, status AS Status, attempts AS Attempts, next_attempt_at AS NextAttemptAt
            FROM recipients WHERE message_ref = @Id ORDER BY id
            """,
            new { row.Id })).ToList();
        Assert.Equal(["bob@ours.example", "carol@ours.example"], recipients.Select(r => r.Address));
        Assert.All(recipients, r =>
        {
            Assert.Equal("queued", r.Status);
            Assert.Equal(0, r.Attempts);
            Assert.Equal(message.ReceivedAtUtc, r.NextAttemptAt);
        });
    }

    [Fact]
    public async Task The_report_row_keeps_the_contract_tls_shape_with_nulls()
    {
        var message = TestMessages.Create() with
        {
            Verdict = "unknown",
            HopsJson = """[{"index": 0, "security": "encrypted"}]""",
        };

        await _repository.StoreAcceptedAsync(message, CancellationToken.None);

        await using var connection = await _dataSource.OpenConnectionAsync();
        var report = await connection.QuerySingleAsync<ReportRow>(
            """
            SELECT r.client_ip AS ClientIp, r.client_port AS ClientPort, r.client_helo AS ClientHelo, r.client_rdns AS ClientRdns,
                   r.with_protocol AS WithProtocol, r.sni AS Sni, r.authenticated_user AS AuthenticatedUser,
                   r.tls::text AS Tls, jsonb_typeof(r.tls -> 'verify') AS VerifyType,
                   r.upstream_received::text AS UpstreamReceived, r.verdict AS Verdict, r.hops::text AS Hops
            FROM reports r JOIN messages m ON m.id = r.message_ref WHERE m.queue_id = @QueueId
            """,
            new { message.QueueId });
        Assert.Equal("192.0.2.10", report.ClientIp);
        Assert.Equal(40123, report.ClientPort);
        Assert.Equal("mail.sender.example", report.ClientHelo);
        Assert.Null(report.ClientRdns);
        Assert.Equal("ESMTPS", report.WithProtocol);
        Assert.Equal("mx.ours.example", report.Sni);
        Assert.Null(report.AuthenticatedUser);
        Assert.Equal(
            """{"bits": 256, "cipher": "TLS_AES_256_GCM_SHA384", "verify": null, "version": "TLSv1.3", "versionRaw": "Tls13"}""",
            report.Tls);
        Assert.Equal("null", report.VerifyType);
        Assert.Equal("""["from a by b with ESMTP id 1; Thu, 03 Dec 2026 18:45:30 +0000"]""", report.UpstreamReceived);
        Assert.Equal("unknown", report.Verdict);
        Assert.Equal("""[{"index": 0, "security": "encrypted"}]""", report.Hops);
    }

    [Fact]
    public async Task A_plaintext_message_stores_a_null_tls_and_null_analysis()
    {
        var message = TestMessages.Create() with { Tls = null, WithProtocol = "ESMTP", Sni = null, MessageId = null };

        await _repository.StoreAcceptedAsync(message, CancellationToken.None);

        await using var connection = await _dataSource.OpenConnectionAsync();
        var (tlsIsNull, hopsIsNull, messageIdIsNull) = await connection.QuerySingleAsync<(bool, bool, bool)>(
            """
            SELECT r.tls IS NULL, r.hops IS NULL, m.message_id IS NULL
            FROM reports r JOIN messages m ON m.id = r.message_ref WHERE m.queue_id = @QueueId
            """,
            new { message.QueueId });
        Assert.True(tlsIsNull);
        Assert.True(hopsIsNull);
        Assert.True(messageIdIsNull);
    }

    [Fact]
    public async Task A_duplicate_queue_id_fails_and_leaves_no_new_row_in_any_table()
    {
        var first = TestMessages.Create();
        await _repository.StoreAcceptedAsync(first, CancellationToken.None);
        var before = await CountRowsAsync();

        var duplicate = TestMessages.Create(recipients: ["dave@ours.example"]) with { QueueId = first.QueueId };
        var error = await Assert.ThrowsAsync<PostgresException>(
            () => _repository.StoreAcceptedAsync(duplicate, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task A_failing_recipient_insert_leaves_no_message_recipient_or_report_row()
    {
        await using (var connection = await _dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.address = 'poison@ours.example' THEN RAISE EXCEPTION 'recipient refused'; END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER refuse_poison BEFORE INSERT ON recipients FOR EACH ROW EXECUTE FUNCTION refuse_poison();
                """);
        }

        var before = await CountRowsAsync();
        var message = TestMessages.Create(recipients: ["bob@ours.example", "poison@ours.example"]);

        await Assert.ThrowsAsync<PostgresException>(() => _repository.StoreAcceptedAsync(message, CancellationToken.None));

        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Invalid_hops_json_fails_and_leaves_nothing_half_written()
    {
        var before = await CountRowsAsync();
        var message = TestMessages.Create() with { HopsJson = "[{not json" };

        await Assert.ThrowsAsync<PostgresException>(() => _repository.StoreAcceptedAsync(message, CancellationToken.None));

        Assert.Equal(before, await CountRowsAsync());
    }

    [Theory]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Unspecified)]
    public async Task A_non_utc_received_time_is_refused_before_touching_the_database(DateTimeKind kind)
    {
        var before = await CountRowsAsync();
        var message = TestMessages.Create(receivedAtUtc: new DateTime(2026, 12, 3, 18, 45, 35, kind));

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => _repository.StoreAcceptedAsync(message, CancellationToken.None));

        Assert.Contains("Utc", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task A_message_without_recipients_is_refused()
    {
        var message = TestMessages.Create(recipients: []);

        await Assert.ThrowsAsync<ArgumentException>(() => _repository.StoreAcceptedAsync(message, CancellationToken.None));
    }

    private async Task<(long Messages, long Recipients, long Reports)> CountRowsAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(long, long, long)>(
            "SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM recipients), (SELECT count(*) FROM reports)");
    }

    private sealed record MessageRow(
        long Id, string QueueId, Guid SessionId, string? MessageId, DateTime ReceivedAt, string MailFrom,
        string MailParameters, int SizeBytes, string ReceivedHeader, byte[] Content, string ReceivedAtUtcText);

    private sealed record RecipientRow(string Address, string Status, int Attempts, DateTime NextAttemptAt);

    private sealed record ReportRow(
        string ClientIp, int? ClientPort, string? ClientHelo, string? ClientRdns, string WithProtocol, string? Sni,
        string? AuthenticatedUser, string Tls, string VerifyType, string UpstreamReceived, string? Verdict, string? Hops);
}
