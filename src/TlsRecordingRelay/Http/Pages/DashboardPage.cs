using System.Globalization;
using TlsRecordingRelay.Core.Dashboard;

namespace TlsRecordingRelay.Http.Pages;

/// <summary>
/// The body of <c>GET /domains</c>: outbound encryption per recipient domain and inbound encryption per sending
/// organisation over the chosen window, each as a stacked-bar chart followed by a table with every number.
/// </summary>
public static class DashboardPage
{
    public static readonly IReadOnlyList<int> Windows = [7, 30];

    private static readonly ChartSeries[] OutboundSeries =
    [
        new("delivered over TLS, certificate verified", "#1a7f37"),
        new("delivered over TLS, not verified", "#6fdd8b"),
        new("delivered in plaintext", "#cf222e", Hatched: true),
        new("not delivered yet", "#d0d7de"),
        new("bounced", "#6e7781"),
    ];

    private static readonly ChartSeries[] InboundSeries =
    [
        new("TLS into us, whole chain encrypted", "#1a7f37"),
        new("TLS into us, earlier hops unknown", "#6fdd8b"),
        new("TLS into us, a plaintext hop upstream", "#d4a72c", Hatched: true),
        new("plaintext into us", "#cf222e", Hatched: true),
    ];

    public static string Render(EncryptionDashboard dashboard, PageLinks links)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        ArgumentNullException.ThrowIfNull(links);
        var body = new HtmlBuilder();
        body.Append($"""<h2>Encryption over the last {dashboard.Days} days</h2><nav class="window">""");
        foreach (var days in Windows)
        {
            var current = days == dashboard.Days ? new Html(" aria-current=\"page\"") : Html.Empty;
            body.Append($"""<a href="{links.Href("/domains", "days=" + days.ToString(CultureInfo.InvariantCulture))}"{current}>last {days} days</a>""");
        }

        body.Append($"</nav>");
        AppendOutbound(body, dashboard);
        AppendInbound(body, dashboard);
        return PageLayout.Page("Encryption dashboard", body.ToHtml(), links);
    }

    public static string BadWindow(PageLinks links)
    {
        var body = new HtmlBuilder().Append($"""<section class="card"><h2>Unknown window</h2><p><code>days</code> is 7 or 30: <a href="{links.Href("/domains", "days=7")}">last 7 days</a>, <a href="{links.Href("/domains", "days=30")}">last 30 days</a>.</p></section>""");
        return PageLayout.Page("Unknown window", body.ToHtml(), links);
    }

    private static void AppendOutbound(HtmlBuilder body, EncryptionDashboard dashboard)
    {
        var domains = dashboard.RecipientDomains;
        var rows = domains.Select(d => new ChartRow(
            d.Domain,
            [d.Verified, d.DeliveredWithTls - d.Verified, d.DeliveredInPlaintext, d.Pending, d.Bounced],
            $"{Share(d.DeliveredWithTls, d.Delivered)} of delivered over TLS"));
        const string note = "Each bar is all recipients in the domain of messages received in the window, by how their delivery went. TLS versions and verification are those of the delivering session; TLS-policy deferrals are attempts deferred with a 4.7.x status (TLS required but not possible).";
        if (!AppendChart(body, "outbound", "Outbound, per recipient domain", note, OutboundSeries, [.. rows], $"No recipients in the last {dashboard.Days} days."))
        {
            return;
        }

        body.Append($"""
            <table class="domains"><thead><tr><th>recipient domain</th><th class="num">messages</th><th class="num">recipients</th><th class="num">delivered</th>
            <th class="num">delivered with TLS</th><th class="num">TLS 1.3</th><th class="num">TLS 1.2</th><th class="num">older TLS</th><th class="num">TLS, version not recorded</th>
            <th class="num">certificate verified</th><th class="num">TLS-policy deferrals (4.7.x)</th><th class="num">not delivered yet</th><th class="num">bounced</th></tr></thead><tbody>
            """);
        foreach (var d in domains)
        {
            body.Append($"""
                <tr data-domain="{d.Domain}"><td class="wrap">{d.Domain}</td><td class="num">{d.Messages}</td><td class="num">{d.Recipients}</td><td class="num">{d.Delivered}</td>
                <td class="num tls-share">{Share(d.DeliveredWithTls, d.Delivered)} ({d.DeliveredWithTls})</td><td class="num">{d.Versions.Tls13}</td><td class="num">{d.Versions.Tls12}</td><td class="num">{d.Versions.Older}</td><td class="num">{d.Versions.Unnamed}</td>
                <td class="num verified-share">{Share(d.Verified, d.DeliveredWithTls)} ({d.Verified})</td><td class="num deferrals">{d.TlsPolicyDeferrals}</td><td class="num">{d.Pending}</td><td class="num">{d.Bounced}</td></tr>
                """);
        }

        body.Append($"</tbody></table></section>");
    }

    private static void AppendInbound(HtmlBuilder body, EncryptionDashboard dashboard)
    {
        var organisations = dashboard.SendingOrganisations;
        var rows = organisations.Select(o => new ChartRow(
            o.Organisation,
            [o.TlsChainEncrypted, o.TlsChainUnknown, o.TlsChainPlaintext, o.Plaintext],
            $"{Share(o.WithTls, o.Messages)} over TLS into us"));
        const string note = "The organisation is the registrable domain of the host that handed the message to us (its reverse-DNS name, else its HELO name, else its address): the hop we observed ourselves, not the forgeable origin. \"Whole chain encrypted\" is the Received chain's verdict: every hop between organisations recorded TLS. Messages seen through the milter count with the MTA's client.";
        if (!AppendChart(body, "inbound", "Inbound, per sending organisation", note, InboundSeries, [.. rows], $"No messages received in the last {dashboard.Days} days."))
        {
            return;
        }

        body.Append($"""
            <table class="organisations"><thead><tr><th>sending organisation</th><th class="num">messages</th><th class="num">received with TLS</th>
            <th class="num">TLS 1.3</th><th class="num">TLS 1.2</th><th class="num">older TLS</th><th class="num">TLS, version not recorded</th>
            <th class="num">whole chain encrypted</th><th class="num">plaintext hop upstream</th></tr></thead><tbody>
            """);
        foreach (var o in organisations)
        {
            body.Append($"""
                <tr data-organisation="{o.Organisation}"><td class="wrap">{o.Organisation}</td><td class="num">{o.Messages}</td><td class="num tls-share">{Share(o.WithTls, o.Messages)} ({o.WithTls})</td>
                <td class="num">{o.Versions.Tls13}</td><td class="num">{o.Versions.Tls12}</td><td class="num">{o.Versions.Older}</td><td class="num">{o.Versions.Unnamed}</td>
                <td class="num">{Share(o.TlsChainEncrypted, o.Messages)} ({o.TlsChainEncrypted})</td><td class="num plaintext-upstream">{o.TlsChainPlaintext}</td></tr>
                """);
        }

        body.Append($"</tbody></table></section>");
    }

    /// <summary>Opens the section and draws its chart; false (section closed) when there is nothing to show.</summary>
    private static bool AppendChart(HtmlBuilder body, string id, string title, string note, ChartSeries[] series, IReadOnlyList<ChartRow> rows, string empty)
    {
        body.Append($"""<section class="card" id="{id}"><h2>{title}</h2><p class="muted">{note}</p>""");
        if (rows.Count == 0)
        {
            body.Append($"""<p class="empty">{empty}</p></section>""");
            return false;
        }

        body.Append(StackedBarChart.Render(id + "-chart", title, series, rows));
        return true;
    }

    /// <summary>A whole-number percentage; a dash when there is nothing to divide.</summary>
    private static string Share(int part, int whole) =>
        whole == 0 ? "–" : Math.Round(100.0 * part / whole, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + " %";
}
