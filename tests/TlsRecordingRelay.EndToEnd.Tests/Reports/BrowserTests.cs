using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests.Reports;

/// <summary>
/// The pages as a real browser renders them: headless Chromium loads <c>/reports/{id}</c> and <c>/domains</c> from
/// the running relay (behind a token, passed as <c>?access_token=</c>), the test reads the rendered DOM, and
/// screenshots are kept under the test output's TestResults/screenshots.
/// </summary>
[Collection(RelayCollection.Name)]
public sealed class BrowserTests(PostgresFixture postgres)
{
    private const string Token = "browser-token";

    [SkippableFact]
    public async Task Chromium_renders_the_chain_in_order_with_the_plaintext_hop_marked_and_the_dashboard_chart()
    {
        var chromium = HeadlessChromium.Find();
        Skip.If(chromium is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")), "chromium is not installed (deploy/install-prerequisites.sh)");
        Assert.True(chromium is not null, "chromium is required in CI");

        await using var rig = await DeliveredReport.StartAsync(postgres, $"--Http:ApiToken={Token}");
        await rig.SendAsync("browser@client.test");
        var report = new Uri(rig.Relay.Http, Page.Report("browser@client.test") + "?access_token=" + Token);
        var domains = new Uri(rig.Relay.Http, "/domains?access_token=" + Token);

        var reportDom = Page.Parse(await HeadlessChromium.DumpDomAsync(chromium!, report));
        var hops = reportDom.QuerySelectorAll("section.report ol.path > li.hop").ToList();
        Assert.Equal(["6", "5", "4", "3", "2", "1", "0"], hops.Select(h => h.GetAttribute("data-index")));
        var plaintext = Assert.Single(hops, h => h.GetAttribute("data-security") == "plaintext");
        Assert.Equal("plaintext", plaintext.QuerySelector(".label")!.TextContent);
        Assert.StartsWith("plaintext: ", plaintext.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Equal("encrypted", Assert.Single(reportDom.QuerySelectorAll("li.hop.delivery")).GetAttribute("data-security"));
        Assert.Contains("access_token=" + Token, reportDom.QuerySelector("header nav a")!.GetAttribute("href"), StringComparison.Ordinal);

        var domainsDom = Page.Parse(await HeadlessChromium.DumpDomAsync(chromium!, domains));
        Assert.Equal(TestRelay.AcceptedDomain, Assert.Single(domainsDom.QuerySelectorAll("#outbound svg.chart g.bar")).GetAttribute("data-label"));
        Assert.Equal("client.test", Assert.Single(domainsDom.QuerySelectorAll("#inbound svg.chart g.bar")).GetAttribute("data-label"));

        var screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;
        foreach (var (name, url) in new[] { ("report.png", report), ("domains.png", domains) })
        {
            var path = Path.Combine(screenshots, name);
            await HeadlessChromium.ScreenshotAsync(chromium!, url, path);
            var png = await File.ReadAllBytesAsync(path);
            Assert.True(png.Length > 10_000, $"{path}: {png.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        }
    }
}
