using System.Net;
using System.Net.Http.Headers;
using Dapper;
using Npgsql;
using TlsRecordingRelay.TestSupport;
using TlsRecordingRelay.TestSupport.Prometheus;

namespace TlsRecordingRelay.EndToEnd.Tests.Reports;

/// <summary><c>GET /metrics</c> scraped from a running relay and read as Prometheus text: the counters follow real mail.</summary>
[Collection(RelayCollection.Name)]
public sealed class MetricsTests(PostgresFixture postgres)
{
    private static readonly Uri Metrics = new("/metrics", UriKind.Relative);

    [Fact]
    public async Task An_accepted_and_delivered_message_moves_the_counters_by_one()
    {
        await using var rig = await DeliveredReport.StartAsync(postgres);
        using var http = new HttpClient { BaseAddress = rig.Relay.Http };
        var before = await ScrapeAsync(http);

        await rig.SendAsync("metrics@client.test");

        // Delivery counts after it commits the attempt; the scrape may come just before that.
        PrometheusText after = before;
        await Poll.UntilAsync(async () => (after = await ScrapeAsync(http)).Sum("tlsrelay_delivery_recipients_total", ("status", "delivered")) == 1,
            TimeSpan.FromSeconds(30), "the delivery to be counted");

        await using var connection = new NpgsqlConnection(rig.Relay.ConnectionString);
        var stored = await connection.QuerySingleAsync<(string Tls, string Verdict, int Hops, string Delivered)>(
            """
            SELECT r.tls->>'version', r.verdict, jsonb_array_length(r.hops), a.tls_version
            FROM messages m JOIN reports r ON r.message_ref = m.id
            JOIN recipients x ON x.message_ref = m.id JOIN delivery_attempts a ON a.recipient_ref = x.id
            """);
        Assert.StartsWith("TLSv1.", stored.Tls, StringComparison.Ordinal);

        Assert.Equal("counter", after.Types["tlsrelay_smtp_messages_accepted_total"]);
        Assert.Equal(1, Delta(before, after, "tlsrelay_smtp_messages_accepted_total", ("tls", stored.Tls)));
        Assert.Equal(1, Delta(before, after, "tlsrelay_smtp_messages_accepted_total"));
        Assert.True(Delta(before, after, "tlsrelay_smtp_sessions_opened_total") >= 1);
        Assert.Equal(0, after.Sum("tlsrelay_smtp_messages_rejected_total"));

        Assert.Equal(1, Delta(before, after, "tlsrelay_delivery_tls_total", ("tls", stored.Delivered)));
        Assert.Equal(0, after.Sum("tlsrelay_delivery_recipients_total", ("status", "deferred")));

        // The latency histogram: one observation, inside the buckets our instrument advises.
        Assert.Equal("histogram", after.Types["tlsrelay_smtp_acceptance_duration_seconds"]);
        Assert.Equal(1, Delta(before, after, "tlsrelay_smtp_acceptance_duration_seconds_count"));
        Assert.Equal(1, after.Sum("tlsrelay_smtp_acceptance_duration_seconds_bucket", ("le", "+Inf")));
        Assert.Equal(1, after.Sum("tlsrelay_smtp_acceptance_duration_seconds_bucket", ("le", "10")));
        Assert.InRange(after.Sum("tlsrelay_smtp_acceptance_duration_seconds_sum"), 0, 10);

        // Every hop of the stored report counted once; the seed chain is plaintext (the Proofpoint hop), ours encrypted.
        Assert.Equal(stored.Hops, Delta(before, after, "tlsrelay_smtp_hops_total"));
        Assert.True(Delta(before, after, "tlsrelay_smtp_hops_total", ("security", "encrypted")) >= 1);
        Assert.True(Delta(before, after, "tlsrelay_smtp_hops_total", ("security", "plaintext")) >= 1);
        Assert.Equal("plaintext", stored.Verdict);
        Assert.Equal(1, Delta(before, after, "tlsrelay_smtp_chains_total", ("verdict", "plaintext")));
        Assert.Equal(1, Delta(before, after, "tlsrelay_smtp_chains_total"));

        // Nothing waits any more: the sampled gauges say so once a sample is taken after the delivery.
        await Poll.UntilAsync(async () =>
            {
                var now = await ScrapeAsync(http);
                return now.Matching("tlsrelay_queue_recipients", ("status", "queued")).Any()
                    && now.Sum("tlsrelay_queue_recipients") == 0
                    && !now.Matching("tlsrelay_queue_oldest_age_seconds").Any();
            },
            TimeSpan.FromSeconds(30), "the queue gauges to show an empty queue");
    }

    [Fact]
    public async Task Refusals_count_by_reason_and_a_waiting_message_shows_in_the_queue_gauges()
    {
        // No delivery workers: the message stays queued. Loopback is not an allowed network: relaying is refused.
        await using var relay = await TestRelay.StartAsync(postgres, "--Relay:AllowedNetworks:0=192.0.2.0/24");
        using var http = new HttpClient { BaseAddress = relay.Http };

        await using (var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true))
        {
            Dialogue.Expect(550, await Dialogue.SendAsync(wire, "Subject: bare\r\n\r\nbare\nline feed\r\n.\r\n"));
            Dialogue.Expect(550, await Dialogue.SendAsync(wire, "Subject: nul\r\n\r\nnul\0byte\r\n.\r\n"));
            Dialogue.Expect(501, await wire.CommandAsync("MAIL FROM:<" + new string('a', 300) + "@client.test>"));
            Dialogue.Expect(250, await wire.CommandAsync("MAIL FROM:<sender@client.test>"));
            Dialogue.Expect(554, await wire.CommandAsync("RCPT TO:<someone@elsewhere.test>"));
            Dialogue.Expect(250, await wire.CommandAsync("RSET"));
            Dialogue.Expect(250, await Dialogue.SendAsync(wire, "Subject: kept\r\n\r\nx\r\n.\r\n"));
        }

        var metrics = await ScrapeAsync(http);
        Assert.Equal(1, metrics.Sum("tlsrelay_smtp_messages_rejected_total", ("reason", "bare_line_ending")));
        Assert.Equal(1, metrics.Sum("tlsrelay_smtp_messages_rejected_total", ("reason", "relay_denied")));
        Assert.Equal(1, metrics.Sum("tlsrelay_smtp_messages_rejected_total", ("reason", "nul_byte")));
        Assert.Equal(1, metrics.Sum("tlsrelay_smtp_messages_rejected_total", ("reason", "path_too_long")));
        Assert.Equal(4, metrics.Sum("tlsrelay_smtp_messages_rejected_total"));
        Assert.Equal(1, metrics.Sum("tlsrelay_smtp_messages_accepted_total"));

        await Poll.UntilAsync(async () => (metrics = await ScrapeAsync(http)).Sum("tlsrelay_queue_recipients", ("status", "queued")) == 1,
            TimeSpan.FromSeconds(30), "the queued recipient to show in the gauge");
        Assert.Equal("gauge", metrics.Types["tlsrelay_queue_recipients"]);
        Assert.Equal(0, metrics.Sum("tlsrelay_queue_recipients", ("status", "deferred")));
        Assert.InRange(metrics.Sum("tlsrelay_queue_oldest_age_seconds", ("status", "queued")), 0, 300);
        // The session is closed by now; the gauge of open sessions follows.
        await Poll.UntilAsync(async () => (await ScrapeAsync(http)).Sum("tlsrelay_smtp_sessions_active") == 0,
            TimeSpan.FromSeconds(30), "the open-session gauge to drop to 0");
    }

    [Fact]
    public async Task With_a_token_configured_metrics_need_it_and_health_stays_open()
    {
        await using var relay = await TestRelay.StartAsync(postgres, "--Http:ApiToken=s3cret-token");
        using var http = new HttpClient { BaseAddress = relay.Http };

        using (var anonymous = await http.GetAsync(Metrics))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.DoesNotContain("tlsrelay_", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var right = new HttpRequestMessage(HttpMethod.Get, Metrics) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-token") } })
        using (var response = await http.SendAsync(right))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            var text = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("gauge", text.Types["tlsrelay_smtp_sessions_active"]);
        }

        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static async Task<PrometheusText> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync(Metrics);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    private static double Delta(PrometheusText before, PrometheusText after, string name, params (string Label, string Value)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);
}
