using System.Net;
using Dapper;
using Npgsql;
using TlsRecordingRelay.TestSupport;
using TlsRecordingRelay.TestSupport.Smtp;

namespace TlsRecordingRelay.EndToEnd.Tests.Reports;

/// <summary><c>GET /domains</c> on a running relay: one recipient delivered over TLS, one deferred by its TLS policy.</summary>
[Collection(RelayCollection.Name)]
public sealed class DashboardPageTests(PostgresFixture postgres)
{
    private const string PlainDomain = "plain.test";

    [Fact]
    public async Task The_dashboard_counts_tls_deliveries_policy_deferrals_and_the_sending_organisation()
    {
        // plain.test's next hop offers no STARTTLS; the default policy (encrypt) must defer it with 4.7.4.
        await using var plainSink = new LoopbackSmtpSink();
        await using var rig = await DeliveredReport.StartAsync(postgres, $"--Delivery:Routes:{PlainDomain}=127.0.0.1:{plainSink.Port}");
        await using (var wire = await Dialogue.OpenAsync(rig.Relay.StartTls, startTls: true))
        {
            Dialogue.Expect(250, await wire.CommandAsync("MAIL FROM:<sender@client.test>"));
            Dialogue.Expect(250, await wire.CommandAsync("RCPT TO:<someone@" + TestRelay.AcceptedDomain + ">"));
            Dialogue.Expect(250, await wire.CommandAsync("RCPT TO:<other@" + PlainDomain + ">"));
            Dialogue.Expect(354, await wire.CommandAsync("DATA"));
            await wire.SendRawAsync(SeedMessage.Data("dashboard@client.test"));
            Dialogue.Expect(250, await wire.ReadReplyAsync());
        }

        await using (var connection = new NpgsqlConnection(rig.Relay.ConnectionString))
        {
            await Poll.UntilAsync(
                async () => await connection.ExecuteScalarAsync<long>(
                    """
                    SELECT count(*) FILTER (WHERE r.status = 'delivered') * count(*) FILTER (WHERE a.enhanced_status LIKE '4.7.%')
                    FROM recipients r LEFT JOIN delivery_attempts a ON a.recipient_ref = r.id
                    """) > 0,
                TimeSpan.FromSeconds(30),
                "one delivery and one TLS-policy deferral");
        }

        var page = await Page.GetAsync(rig.Relay.Http, "/domains");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Page.AssertInert(page.Document);
        Assert.Equal("7", page.Document.QuerySelector("nav.window a[aria-current]")!.GetAttribute("href")![^1..]);
        var accepted = Cells(page, "table.domains", "data-domain", TestRelay.AcceptedDomain);
        // messages, recipients, delivered, with TLS, 1.3, 1.2, older, unnamed, verified (self-signed sink), deferrals, pending, bounced
        Assert.Equal(["1", "1", "1", "100 % (1)", "1", "0", "0", "0", "0 % (0)", "0", "0", "0"], accepted);
        var plain = Cells(page, "table.domains", "data-domain", PlainDomain);
        Assert.Equal(["1", "1", "0", "– (0)"], plain[..4]);
        Assert.NotEqual("0", plain[9]);
        Assert.Equal("1", plain[10]);

        // The hop into us came from 127.0.0.1 with HELO client.test (no reverse DNS in tests); the seed chain has a plaintext hop.
        var inbound = Cells(page, "table.organisations", "data-organisation", "client.test");
        Assert.Equal(["1", "100 % (1)", "1", "0", "0", "0", "0 % (0)", "1"], inbound);

        var bars = page.Document.QuerySelectorAll("#outbound svg.chart g.bar").Select(g => g.GetAttribute("data-label")).ToList();
        Assert.Equal(2, bars.Count);
        Assert.Contains(PlainDomain, bars);
        Assert.Single(page.Document.QuerySelectorAll("#inbound svg.chart g.bar"));

        var month = await Page.GetAsync(rig.Relay.Http, "/domains?days=30");
        Assert.Equal(HttpStatusCode.OK, month.Status);
        Assert.EndsWith("days=30", month.Document.QuerySelector("nav.window a[aria-current]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal(accepted, Cells(month, "table.domains", "data-domain", TestRelay.AcceptedDomain));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("-7")]
    [InlineData("7'; drop table messages; --")]
    [InlineData("<script>")]
    public async Task Another_window_gets_400(string days)
    {
        await using var relay = await TestRelay.StartAsync(postgres);

        var page = await Page.GetAsync(relay.Http, "/domains?days=" + Uri.EscapeDataString(days));

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Page.AssertInert(page.Document);
        Assert.Equal(2, page.Document.QuerySelectorAll("main a[href^='/domains?days=']").Length);
    }

    [Fact]
    public async Task An_empty_database_gets_an_empty_dashboard()
    {
        await using var relay = await TestRelay.StartAsync(postgres);

        var page = await Page.GetAsync(relay.Http, "/domains");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(2, page.Document.QuerySelectorAll("p.empty").Length);
        Assert.Empty(page.Document.QuerySelectorAll("svg.chart"));
    }

    private static List<string> Cells(Page page, string table, string attribute, string key)
    {
        var row = page.Document.QuerySelectorAll($"{table} tbody tr").SingleOrDefault(r => r.GetAttribute(attribute) == key);
        Assert.True(row is not null, $"no row {key} in {table}");
        return [.. row.QuerySelectorAll("td").Skip(1).Select(c => c.TextContent)];
    }
}
