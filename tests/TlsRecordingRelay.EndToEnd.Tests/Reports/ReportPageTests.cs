using System.Net;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests.Reports;

/// <summary><c>GET /reports/{id}</c> on a running relay with real delivered mail: the drawn chain, hostile ids, 404, 401.</summary>
[Collection(RelayCollection.Name)]
public sealed class ReportPageTests(PostgresFixture postgres)
{
    private const string BodySecret = "BODY-SECRET-7f3a9c";

    /// <summary>
    /// An upstream Received line stamped by an attacker. The analyzer cuts names at '&lt;', '"' and ';', so what reaches
    /// the page is entity text: shown encoded it reads back unchanged, shown raw it would turn into '&lt;' and '&amp;'.
    /// </summary>
    private const string HostileReceived =
        "Received: from evil&lt;script&gt;.test ([192.0.2.66])\r\n\tby mx'&amp;.test with ESMTP id 1;\r\n\tMon, 19 Aug 2019 07:00:00 -0700\r\n";

    /// <summary>A quoted local part (RFC 5321 §4.1.2) may hold markup; the envelope sender is stored as sent.</summary>
    private const string HostileSender = "\"<script>alert(1)</script>\"@client.test";

    private static string Data(string messageId, string extraReceived = "") =>
        extraReceived + SeedMessage.Chain + "Message-ID: <" + messageId + ">\r\nFrom: <sender@client.test>\r\nSubject: seed\r\n\r\n" + BodySecret + "\r\n.\r\n";

    [Fact]
    public async Task The_page_draws_the_chain_oldest_hop_first_marks_the_plaintext_hop_and_shows_the_delivery_but_never_the_body()
    {
        await using var rig = await DeliveredReport.StartAsync(postgres);
        var queueId = await rig.SendAsync("page@client.test", Data("page@client.test"));

        var page = await Page.GetAsync(rig.Relay.Http, Page.Report("<page@client.test>"));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("text/html", page.MediaType);
        Assert.Contains("default-src 'none'", page.ContentSecurityPolicy, StringComparison.Ordinal);
        Page.AssertInert(page.Document);
        Assert.DoesNotContain(BodySecret, page.Html, StringComparison.Ordinal);
        var report = Assert.Single(page.Document.QuerySelectorAll("section.report"));
        Assert.Equal(queueId, report.GetAttribute("data-queue-id"));

        // Oldest upstream hop on the left, our own hop (index 0, observed) last before the deliveries.
        var hops = report.QuerySelectorAll("ol.path > li.hop").ToList();
        var indexes = hops.Select(h => int.Parse(h.GetAttribute("data-index")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(7, indexes.Count); // six seed hops + ours
        Assert.Equal([6, 5, 4, 3, 2, 1, 0], indexes);
        Assert.Contains("observed", hops[^1].QuerySelector(".kind")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("mx.relay.test", hops[^1].QuerySelector(".hosts")!.TextContent, StringComparison.Ordinal);

        var plaintext = Assert.Single(hops, h => h.GetAttribute("data-security") == "plaintext");
        Assert.Equal("plaintext", plaintext.QuerySelector(".label")!.TextContent);
        Assert.Equal("\u2718", plaintext.QuerySelector(".mark")!.TextContent);
        Assert.Contains("ppe-hosted.com", plaintext.QuerySelector(".hosts")!.TextContent, StringComparison.Ordinal);
        var reason = plaintext.QuerySelector("dd.reason")!.TextContent;
        Assert.False(string.IsNullOrWhiteSpace(reason));
        Assert.Equal("plaintext: " + reason, plaintext.GetAttribute("title"));
        Assert.NotNull(plaintext.QuerySelector("details > summary"));

        var delivery = Assert.Single(report.QuerySelectorAll("ol.path li.hop.delivery"));
        Assert.Equal("encrypted", delivery.GetAttribute("data-security"));
        Assert.Equal("someone@" + TestRelay.AcceptedDomain, delivery.GetAttribute("data-recipient"));
        Assert.True(hops[^1].CompareDocumentPosition(delivery).HasFlag(AngleSharp.Dom.DocumentPositions.Following), "deliveries follow our hop");

        var row = Assert.Single(report.QuerySelectorAll("table.recipients tbody tr"));
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent).ToList();
        Assert.Equal(["someone@" + TestRelay.AcceptedDomain, "delivered", "encrypt", "1"], cells[..4]);
        Assert.Equal("127.0.0.1", cells[6]);
        Assert.StartsWith("TLSv1.", cells[7], StringComparison.Ordinal);
        Assert.StartsWith("not verified", cells[8], StringComparison.Ordinal); // the sink's certificate is self-signed
        Assert.StartsWith("250 ", cells[9], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_message_ids_and_received_lines_are_shown_as_text()
    {
        await using var rig = await DeliveredReport.StartAsync(postgres);
        string[] ids = ["\"quoted\"@client.test", "100%@client.test", "x'; drop table messages; --", "a/b%2Fc@client.test"];
        foreach (var id in ids)
        {
            await rig.SendAsync(id, Data(id, HostileReceived));
        }

        await using (var wire = await Dialogue.OpenAsync(rig.Relay.StartTls, startTls: true))
        {
            Dialogue.Expect(250, await Dialogue.SendAsync(wire, Data("sender@client.test"), from: "<" + HostileSender + ">"));
        }

        var senderPage = await Page.GetAsync(rig.Relay.Http, Page.Report("sender@client.test"));
        Assert.Equal(HttpStatusCode.OK, senderPage.Status);
        Page.AssertInert(senderPage.Document);
        var sender = senderPage.Document.QuerySelectorAll("section.report dl.facts dt").Single(dt => dt.TextContent == "envelope sender").NextElementSibling!;
        Assert.Contains("<script>alert(1)</script>", sender.TextContent, StringComparison.Ordinal);

        foreach (var id in ids)
        {
            var page = await Page.GetAsync(rig.Relay.Http, Page.Report(id));

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Page.AssertInert(page.Document);
            var report = Assert.Single(page.Document.QuerySelectorAll("section.report"));
            Assert.Equal(id, report.QuerySelector("h2 code")!.TextContent);
            var hostile = report.QuerySelectorAll("li.hop").Single(h => h.GetAttribute("data-index") == "1");
            Assert.Equal("evil&lt [192.0.2.66] \u2192 mx'&amp", hostile.QuerySelector(".hosts")!.TextContent);
        }

        Assert.Equal(ids.Length + 1, await rig.Relay.CountAsync("messages"));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>@client.test")]
    [InlineData("x'; drop table messages; --")]
    [InlineData("100%@client.test")]
    [InlineData("%00%2F..%2F")]
    [InlineData(null)] // 10 KB of text
    public async Task Unknown_ids_get_a_404_page_and_leave_the_database_alone(string? id)
    {
        await using var rig = await DeliveredReport.StartAsync(postgres);
        await rig.SendAsync("kept@client.test");
        id ??= new string('a', 10 * 1024);

        var page = await Page.GetAsync(rig.Relay.Http, Page.Report(id));

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("text/html", page.MediaType);
        Page.AssertInert(page.Document);
        var shown = page.Document.QuerySelector("section.not-found code")!.TextContent;
        Assert.Equal(id.Length <= 200 ? id : id[..200] + "…", shown);
        Assert.Equal(1, await rig.Relay.CountAsync("messages"));
    }

    [Fact]
    public async Task Several_messages_with_one_message_id_are_all_shown_newest_first_and_a_queue_id_finds_one()
    {
        await using var rig = await DeliveredReport.StartAsync(postgres);
        var first = await rig.SendAsync("twice@client.test");
        var second = await rig.SendAsync("twice@client.test");

        var page = await Page.GetAsync(rig.Relay.Http, Page.Report("twice@client.test"));
        var byQueueId = await Page.GetAsync(rig.Relay.Http, Page.Report(first));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal([second, first], page.Document.QuerySelectorAll("section.report").Select(s => s.GetAttribute("data-queue-id")));
        Assert.Equal(HttpStatusCode.OK, byQueueId.Status);
        Assert.Equal(first, Assert.Single(byQueueId.Document.QuerySelectorAll("section.report")).GetAttribute("data-queue-id"));
    }

    [Fact]
    public async Task A_milter_report_is_drawn_by_message_id_and_by_mta_queue_id_and_counts_on_the_dashboard()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await SeedMilterReport.StoreAsync(relay.ConnectionString);

        foreach (var id in new[] { "<" + SeedMilterReport.MessageId + ">", SeedMilterReport.MtaQueueId })
        {
            var page = await Page.GetAsync(relay.Http, Page.Report(id));

            Assert.Equal(HttpStatusCode.OK, page.Status);
            var report = Assert.Single(page.Document.QuerySelectorAll("section.report.milter"));
            Assert.Equal(SeedMilterReport.MtaQueueId, report.GetAttribute("data-mta-queue-id"));
            var hops = report.QuerySelectorAll("ol.path > li.hop").ToList();
            Assert.Equal(["5", "4", "3", "2", "1", "0"], hops.Select(h => h.GetAttribute("data-index")));
            Assert.Equal("plaintext", Assert.Single(hops, h => h.GetAttribute("data-security") == "plaintext").QuerySelector(".label")!.TextContent);
            Assert.Contains("user@site.test", report.QuerySelector("li.recipients-milter")!.TextContent, StringComparison.Ordinal);
        }

        var dashboard = await Page.GetAsync(relay.Http, "/domains");
        var row = dashboard.Document.QuerySelector("table.organisations tr[data-organisation='client.test']");
        Assert.Equal(["1", "100 % (1)"], row!.QuerySelectorAll("td").Skip(1).Take(2).Select(c => c.TextContent));
    }

    [Fact]
    public async Task With_a_token_pages_need_it_and_their_links_carry_it()
    {
        const string token = "s3cret/token+1";
        await using var rig = await DeliveredReport.StartAsync(postgres, $"--Http:ApiToken={token}");
        await rig.SendAsync("token@client.test");
        var query = "?access_token=" + Uri.EscapeDataString(token);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Page.GetAsync(rig.Relay.Http, Page.Report("token@client.test"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Page.GetAsync(rig.Relay.Http, "/domains")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Page.GetAsync(rig.Relay.Http, "/domains?access_token=wrong")).Status);

        foreach (var path in new[] { Page.Report("token@client.test") + query, "/domains" + query, Page.Report("unknown@client.test") + query })
        {
            var page = await Page.GetAsync(rig.Relay.Http, path);
            Assert.True(page.Status is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {page.Status}");
            var links = page.Document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).ToList();
            Assert.NotEmpty(links);
            Assert.All(links, href => Assert.Contains("access_token=" + Uri.EscapeDataString(token), href, StringComparison.Ordinal));
            foreach (var href in links)
            {
                Assert.Equal(HttpStatusCode.OK, (await Page.GetAsync(rig.Relay.Http, href)).Status);
            }
        }
    }
}
