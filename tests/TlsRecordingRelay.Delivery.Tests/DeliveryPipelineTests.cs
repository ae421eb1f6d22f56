using TlsRecordingRelay.TestSupport;
using TlsRecordingRelay.TestSupport.Smtp;

namespace TlsRecordingRelay.Delivery.Tests;

/// <summary>Queue + workers + sender end to end on a real PostgreSQL and loopback sinks.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DeliveryPipelineTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static Dictionary<string, string?> RouteAllTo(LoopbackSmtpSink sink, string policy = "may") => new()
    {
        ["Delivery:Routes:*"] = $"127.0.0.1:{sink.Port}",
        ["TlsPolicy:Default"] = policy,
    };

    [Fact]
    public async Task Partial_delivery_delivers_defers_and_bounces_per_recipient_and_the_dsn_is_delivered_too()
    {
        await using var db = new QueueDatabase(await postgres.CreateDatabaseAsync("partial"));
        await using var sink = new LoopbackSmtpSink(new SinkOptions
        {
            RecipientReply = a => a.StartsWith("later@", StringComparison.Ordinal) ? "451 4.3.0 greylisted, try later"
                : a.StartsWith("nobody@", StringComparison.Ordinal) ? "550 5.1.1 no such user" : "250 2.1.5 Ok",
        });
        var time = new ShiftableTimeProvider();
        await using var node = await DeliveryNode.StartAsync(db.ConnectionString, time, RouteAllTo(sink));

        var queueId = await db.AcceptAsync("alice@sender.test", ["ok@example.test", "later@example.test", "nobody@example.test"]);

        await Poll.UntilAsync(async () => (await db.StatusesAsync(queueId)).Values.All(s => s is "delivered" or "deferred" or "bounced"), Deadline, "the first attempt");
        var statuses = await db.StatusesAsync(queueId);
        Assert.Equal("delivered", statuses["ok@example.test"]);
        Assert.Equal("deferred", statuses["later@example.test"]);
        Assert.Equal("bounced", statuses["nobody@example.test"]);

        // The DSN goes through the same queue to the envelope sender, from the null reverse-path.
        await Poll.UntilAsync(() => sink.Messages.Any(m => m.MailFrom.Length == 0), Deadline, "the DSN at the sink");
        var dsn = sink.Messages.Single(m => m.MailFrom.Length == 0);
        Assert.Equal(["alice@sender.test"], dsn.Recipients);
        var dsnText = System.Text.Encoding.UTF8.GetString(dsn.Data);
        Assert.Contains("report-type=delivery-status", dsnText, StringComparison.Ordinal);
        Assert.Contains("Final-Recipient: rfc822; nobody@example.test", dsnText, StringComparison.Ordinal);
        Assert.Contains("Status: 5.1.1", dsnText, StringComparison.Ordinal);
        // The sink holds the DSN before the relay has read the 250 and recorded it: wait for the record.
        await Poll.UntilAsync(async () => await db.ScalarAsync("SELECT count(*) FROM recipients r JOIN messages m ON m.id = r.message_ref WHERE m.mail_from = '' AND r.status = 'delivered'") == 1,
            Deadline, "the DSN's delivery to be recorded");

        // The deferred recipient is retried once its backoff (5 minutes) has passed on the injected clock.
        sink.Options.RecipientReply = _ => "250 2.1.5 Ok";
        time.Advance(TimeSpan.FromMinutes(6));
        await Poll.UntilAsync(async () => (await db.StatusesAsync(queueId))["later@example.test"] == "delivered", Deadline, "the retry");

        var attempts = await db.QueryAsync<(string Result, int? ReplyCode, string EnhancedStatus)>(
            "SELECT a.result, a.reply_code, a.enhanced_status FROM delivery_attempts a JOIN recipients r ON r.id = a.recipient_ref WHERE r.address = 'later@example.test' ORDER BY a.id");
        Assert.Equal([("deferred", (int?)451, "4.3.0"), ("delivered", 250, "2.0.0")], attempts);
        Assert.Equal(2, await db.ScalarAsync("SELECT attempts FROM recipients WHERE address = 'later@example.test'"));
        Assert.Equal(1, sink.Messages.Count(m => m.Recipients.Contains("ok@example.test")));
    }

    [Fact]
    public async Task Every_attempt_records_route_host_policy_and_the_negotiated_tls()
    {
        await using var db = new QueueDatabase(await postgres.CreateDatabaseAsync("recorded"));
        await using var sink = new LoopbackSmtpSink(new SinkOptions { Certificate = TestCertificates.SelfSigned("sink.test") });
        var time = new ShiftableTimeProvider();
        await using var node = await DeliveryNode.StartAsync(db.ConnectionString, time, RouteAllTo(sink));

        var queueId = await db.AcceptAsync("alice@sender.test", ["bob@example.test"]);
        await Poll.UntilAsync(async () => (await db.StatusesAsync(queueId))["bob@example.test"] == "delivered", Deadline, "delivery");

        var row = Assert.Single(await db.QueryAsync<AttemptRow>(
            """
            SELECT route, host, ip, port, policy, starttls_offered AS StartTlsOffered, tls_version AS TlsVersion, tls_cipher AS TlsCipher,
                   tls_bits AS TlsBits, certificate_verified AS CertificateVerified, certificate_error AS CertificateError,
                   result, reply_code AS ReplyCode, enhanced_status AS EnhancedStatus, remote_queue_id AS RemoteQueueId
            FROM delivery_attempts
            """));
        Assert.Equal("route:*", row.Route);
        Assert.Equal("127.0.0.1", row.Ip);
        Assert.Equal(sink.Port, row.Port);
        Assert.Equal("may", row.Policy);
        Assert.True(row.StartTlsOffered);
        Assert.Equal("TLSv1.3", row.TlsVersion);
        Assert.Equal("TLS_AES_256_GCM_SHA384", row.TlsCipher);
        Assert.Equal(256, row.TlsBits);
        Assert.False(row.CertificateVerified);
        Assert.NotNull(row.CertificateError);
        Assert.Equal("delivered", row.Result);
        Assert.Equal(250, row.ReplyCode);
        Assert.Equal("SINK1", row.RemoteQueueId);
        Assert.Equal("may", (await db.QueryAsync<string>("SELECT policy FROM recipients")).Single());
    }

    [Fact]
    public async Task A_tls_required_recipient_is_deferred_with_4_7_and_bounced_with_5_7_when_it_expires()
    {
        await using var db = new QueueDatabase(await postgres.CreateDatabaseAsync("expire"));
        await using var sink = new LoopbackSmtpSink(); // no STARTTLS
        var time = new ShiftableTimeProvider();
        var settings = RouteAllTo(sink);
        settings["TlsPolicy:Domains:example.test"] = "encrypt";
        await using var node = await DeliveryNode.StartAsync(db.ConnectionString, time, settings);

        var queueId = await db.AcceptAsync("alice@sender.test", ["bob@example.test"]);
        await Poll.UntilAsync(async () => (await db.StatusesAsync(queueId))["bob@example.test"] == "deferred", Deadline, "the deferral");
        Assert.Equal("4.7.4", (await db.QueryAsync<string>("SELECT enhanced_status FROM delivery_attempts")).Single());

        time.Advance(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        await Poll.UntilAsync(async () => (await db.StatusesAsync(queueId))["bob@example.test"] == "bounced", Deadline, "the bounce");
        Assert.Equal(["4.7.4", "5.7.4"], await db.QueryAsync<string>("SELECT enhanced_status FROM delivery_attempts a JOIN recipients r ON r.id = a.recipient_ref WHERE r.address = 'bob@example.test' ORDER BY a.id"));

        // Nothing for bob ever reached the sink; the DSN to the sender (policy may) did.
        await Poll.UntilAsync(() => sink.Messages.Any(m => m.MailFrom.Length == 0), Deadline, "the DSN");
        Assert.DoesNotContain(sink.Messages, m => m.Recipients.Contains("bob@example.test"));
        Assert.Contains("Status: 5.7.4", System.Text.Encoding.UTF8.GetString(sink.Messages.Single().Data), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bounce_of_a_message_from_the_null_sender_produces_no_dsn()
    {
        await using var db = new QueueDatabase(await postgres.CreateDatabaseAsync("nulldsn"));
        await using var sink = new LoopbackSmtpSink(new SinkOptions { RecipientReply = _ => "550 5.1.1 no such user" });
        await using var node = await DeliveryNode.StartAsync(db.ConnectionString, new ShiftableTimeProvider(), RouteAllTo(sink));

        var queueId = await db.AcceptAsync(string.Empty, ["nobody@example.test"]);
        await Poll.UntilAsync(async () => (await db.StatusesAsync(queueId))["nobody@example.test"] == "bounced", Deadline, "the bounce");

        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM messages"));
    }

    [Fact]
    public async Task Claims_left_by_a_dead_worker_are_returned_by_the_reaper_and_delivered()
    {
        await using var db = new QueueDatabase(await postgres.CreateDatabaseAsync("reaper"));
        await using var sink = new LoopbackSmtpSink();
        var time = new ShiftableTimeProvider();
        var queueId = await db.AcceptAsync("alice@sender.test", ["bob@example.test"]);
        await db.ScalarAsync(
            "UPDATE recipients SET status = 'sending', attempts = 1, locked_by = 'dead-node/1', locked_at = now(), lease_expires_at = now() + interval '15 minutes' RETURNING 0");

        await using var node = await DeliveryNode.StartAsync(db.ConnectionString, time, RouteAllTo(sink));
        Assert.Equal("sending", (await db.StatusesAsync(queueId))["bob@example.test"]);
        time.Advance(TimeSpan.FromMinutes(16));
        await Poll.UntilAsync(async () => (await db.StatusesAsync(queueId))["bob@example.test"] == "delivered", Deadline, "reaped delivery");

        Assert.Equal(2, await db.ScalarAsync("SELECT attempts FROM recipients"));
        Assert.Single(sink.Messages);
    }

    [Fact]
    public async Task Stopping_a_node_mid_delivery_returns_its_claimed_recipients_to_the_queue()
    {
        await using var db = new QueueDatabase(await postgres.CreateDatabaseAsync("drain"));
        await using var sink = new LoopbackSmtpSink(new SinkOptions { StallAfterData = true });
        var settings = RouteAllTo(sink);
        settings["Delivery:DrainTimeout"] = "00:00:00.300";
        var node = await DeliveryNode.StartAsync(db.ConnectionString, new ShiftableTimeProvider(), settings);
        var queueId = await db.AcceptAsync("alice@sender.test", ["bob@example.test"]);
        await Poll.UntilAsync(() => sink.DataCommands == 1, Deadline, "the stalled DATA");
        Assert.Equal("sending", (await db.StatusesAsync(queueId))["bob@example.test"]);

        await node.DisposeAsync();

        Assert.Equal("deferred", (await db.StatusesAsync(queueId))["bob@example.test"]);
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM recipients WHERE locked_by IS NOT NULL"));
    }

    [Fact]
    public async Task New_mail_wakes_idle_workers_through_notify_without_waiting_for_the_poll_timer()
    {
        await using var db = new QueueDatabase(await postgres.CreateDatabaseAsync("notify"));
        await using var sink = new LoopbackSmtpSink();
        var settings = RouteAllTo(sink);
        settings["Delivery:PollInterval"] = "01:00:00"; // only a NOTIFY can wake the workers within the deadline
        settings["Delivery:Workers"] = "1";
        await using var node = await DeliveryNode.StartAsync(db.ConnectionString, new ShiftableTimeProvider(), settings);

        foreach (var recipient in new[] { "first@example.test", "second@example.test" })
        {
            var queueId = await db.AcceptAsync("alice@sender.test", [recipient]);
            await Poll.UntilAsync(async () => (await db.StatusesAsync(queueId))[recipient] == "delivered", Deadline, recipient);
        }

        Assert.Equal(2, sink.Messages.Count);
    }

    private sealed record AttemptRow(
        string Route, string? Host, string? Ip, int? Port, string Policy, bool? StartTlsOffered, string? TlsVersion, string? TlsCipher,
        int? TlsBits, bool? CertificateVerified, string? CertificateError, string Result, int? ReplyCode, string? EnhancedStatus, string? RemoteQueueId);
}
