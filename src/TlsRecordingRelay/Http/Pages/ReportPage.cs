using System.Globalization;
using TlsRecordingRelay.Core.Milter;
using TlsRecordingRelay.Core.Reports;

namespace TlsRecordingRelay.Http.Pages;

/// <summary>
/// The body of <c>GET /reports/{id}</c>: per message the hop chain as a left-to-right path (oldest hop first, then
/// the hop into us, then each recipient's delivery), each hop coloured, marked and named by its judgement with the
/// reason on hover and on expand; then the outbound deliveries. Message bodies are never read, so never shown.
/// </summary>
public static class ReportPage
{
    public static string Render(string id, IReadOnlyList<DeliveryReport> reports, IReadOnlyList<MilterReport> milterReports, PageLinks links)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(milterReports);
        var body = new HtmlBuilder();
        var count = reports.Count + milterReports.Count;
        body.Append($"""<p class="muted">{count} {(count == 1 ? "message" : "messages")} for <code>{id}</code>{(count > 1 ? ", newest first" : string.Empty)}.</p>""");
        foreach (var report in reports)
        {
            RenderReport(body, report);
        }

        foreach (var report in milterReports)
        {
            RenderMilterReport(body, report);
        }

        return PageLayout.Page("Report " + Shorten(id), body.ToHtml(), links);
    }

    public static string NotFound(string id, PageLinks links)
    {
        var body = new HtmlBuilder().Append($"""
            <section class="card not-found"><h2>No report found</h2>
            <p>No message with the Message-ID or queue id <code>{Shorten(id)}</code> was recorded.
            Give the Message-ID with or without the angle brackets, or the queue id from the <code>250 … queued as</code> reply.</p></section>
            """).ToHtml();
        return PageLayout.Page("Not found", body, links);
    }

    /// <summary>Ids are echoed (encoded) but bounded: a 10 KB Message-ID must not make a 10 KB heading.</summary>
    public static string Shorten(string id) => id.Length <= 200 ? id : id[..200] + "…";

    private static void RenderReport(HtmlBuilder body, DeliveryReport report)
    {
        body.Append($"""
            <section class="card report" data-queue-id="{report.QueueId}">
            <h2>Message <code>{report.MessageId ?? "(no Message-ID)"}</code></h2>
            <dl class="facts">
            <dt>queue id</dt><dd><code>{report.QueueId}</code></dd>
            <dt>received</dt><dd>{JudgementStyle.Time(report.ReceivedAtUtc)}</dd>
            <dt>envelope sender</dt><dd>&lt;{report.MailFrom}&gt;</dd>
            <dt>size</dt><dd>{report.SizeBytes} bytes</dd>
            <dt>accepted from</dt><dd>{report.Client.Ip} (HELO {report.Client.Helo ?? "-"}, rDNS {report.Client.Rdns ?? "-"}) with {report.WithProtocol}, TLS {JudgementStyle.Tls(report.Tls)}{(report.Sni is null ? string.Empty : ", SNI " + report.Sni)}, AUTH {report.AuthenticatedUser ?? "none"}</dd>
            <dt>chain verdict</dt><dd>{JudgementStyle.Badge(report.Verdict)}{PlaintextHop(report.Hops)}</dd>
            </dl>
            <h3>Path from sender to recipients <span class="muted">(oldest hop on the left; hover or open a hop for its reason)</span></h3>
            <ol class="path">
            """);
        AppendHops(body, report.Hops);
        body.Append($"""<li class="deliveries"><ul class="deliveries">""");
        foreach (var recipient in report.Recipients)
        {
            AppendDelivery(body, recipient);
        }

        body.Append($"""
            </ul></li>
            </ol>
            <h3>Outbound deliveries</h3>
            <table class="recipients"><thead><tr><th>recipient</th><th>status</th><th>policy</th><th class="num">attempts</th><th>last attempt</th><th>host</th><th>IP</th><th>TLS</th><th>certificate verified</th><th>reply / error</th></tr></thead><tbody>
            """);
        foreach (var recipient in report.Recipients)
        {
            var attempt = recipient.LastAttempt;
            body.Append($"""
                <tr data-recipient="{recipient.Address}"><td class="wrap">{recipient.Address}</td><td>{recipient.Status}</td><td>{recipient.Policy ?? "-"}</td><td class="num">{recipient.Attempts}</td>
                <td>{(attempt is null ? "-" : JudgementStyle.Time(attempt.AtUtc))}</td><td class="wrap">{attempt?.Host ?? "-"}</td><td>{attempt?.Ip ?? "-"}</td><td>{(attempt is null ? "-" : JudgementStyle.Tls(attempt.Tls))}</td>
                <td>{Verified(attempt)}</td><td class="wrap">{(attempt is null ? "-" : attempt.Reply ?? attempt.Error ?? attempt.TlsError ?? "-")}</td></tr>
                """);
        }

        body.Append($"</tbody></table></section>");
    }

    private static void RenderMilterReport(HtmlBuilder body, MilterReport report)
    {
        var hops = ReportHopReader.Read(report.HopsJson);
        body.Append($"""
            <section class="card report milter" data-mta-queue-id="{report.MtaQueueId}">
            <h2>Message <code>{report.MessageId ?? "(no Message-ID)"}</code> <span class="muted">seen through the milter</span></h2>
            <dl class="facts">
            <dt>MTA</dt><dd>{report.MtaHostname ?? "?"}, queue id <code>{report.MtaQueueId ?? "?"}</code></dd>
            <dt>received</dt><dd>{JudgementStyle.Time(report.ReceivedAtUtc)}</dd>
            <dt>envelope sender</dt><dd>&lt;{report.MailFrom}&gt;</dd>
            <dt>MTA accepted from</dt><dd>{report.Client.Ip} (HELO {report.Client.Helo ?? "-"}) with {report.WithProtocol}, TLS {JudgementStyle.Tls(report.Tls)}, AUTH {report.AuthenticatedUser ?? "none"}</dd>
            <dt>we answered</dt><dd>{report.Action}{(report.AddedHeader is null ? string.Empty : " and added " + report.AddedHeader)}</dd>
            <dt>chain verdict</dt><dd>{JudgementStyle.Badge(report.Verdict)}{PlaintextHop(hops)}</dd>
            </dl>
            <h3>Path from sender to the MTA <span class="muted">(oldest hop on the left; the MTA delivers onwards)</span></h3>
            <ol class="path">
            """);
        AppendHops(body, hops);
        body.Append($"""
            <li class="recipients-milter"><div class="hop sec-unknown"><span class="label">recipients (the MTA delivers)</span><span class="hosts">{string.Join(", ", report.Recipients)}</span></div></li>
            </ol></section>
            """);
    }

    /// <summary>Stored hops are newest first (index 0 = the hop into us); the path reads oldest first.</summary>
    private static void AppendHops(HtmlBuilder body, IReadOnlyList<ReportHop> hops)
    {
        foreach (var hop in hops.OrderByDescending(h => h.Index))
        {
            var s = JudgementStyle.Normalize(hop.Security);
            var hosts = hop.Parsed ? $"{JudgementStyle.Name(hop.From)} \u2192 {hop.By ?? "?"}" : "(unparsed Received line)";
            var delay = hop.DelaySeconds is { } seconds ? seconds.ToString("0.#", CultureInfo.InvariantCulture) + " s" : "-";
            body.Append($"""
                <li class="hop sec-{s}" data-security="{s}" data-index="{hop.Index}" title="{s}: {hop.Reason}">
                <details><summary><span class="mark">{JudgementStyle.Mark(s)}</span> <span class="label">{s}</span><span class="kind">{(hop.Observed ? "observed" : "claimed")} · hop {hop.Index}</span><span class="hosts">{hosts}</span></summary>
                <dl><dt>reason</dt><dd class="reason">{hop.Reason}</dd><dt>with</dt><dd>{hop.With ?? "-"}</dd><dt>TLS</dt><dd>{JudgementStyle.Tls(hop.Tls)}</dd>
                <dt>stamped by</dt><dd>{hop.StampedBy ?? "-"}</dd><dt>date</dt><dd>{hop.Date ?? "-"}</dd><dt>delay</dt><dd>{delay}</dd></dl>
                </details></li>
                """);
        }
    }

    private static void AppendDelivery(HtmlBuilder body, RecipientReport recipient)
    {
        var attempt = recipient.LastAttempt;
        var (s, label) = recipient.Status switch
        {
            "delivered" when attempt?.Tls is not null => ("encrypted", "encrypted"),
            "delivered" => ("plaintext", "plaintext"),
            "bounced" => ("unknown", "bounced"),
            _ => ("unknown", "not delivered yet"),
        };
        var reason = s switch
        {
            "encrypted" => $"delivered over {JudgementStyle.Tls(attempt!.Tls)}, certificate {Verified(attempt)}",
            "plaintext" => "delivered without TLS",
            _ => attempt?.Reply ?? attempt?.Error ?? attempt?.TlsError ?? "no attempt yet",
        };
        body.Append($"""
            <li class="hop delivery sec-{s}" data-security="{s}" data-recipient="{recipient.Address}" title="{label}: {reason}">
            <details><summary><span class="mark">{JudgementStyle.Mark(s)}</span> <span class="label">{label}</span><span class="kind">delivery · {recipient.Status}</span><span class="hosts">this relay → {attempt?.Host ?? "?"} for {recipient.Address}</span></summary>
            <dl><dt>reason</dt><dd class="reason">{reason}</dd><dt>policy</dt><dd>{recipient.Policy ?? "-"}</dd><dt>IP</dt><dd>{attempt?.Ip ?? "-"}</dd><dt>reply</dt><dd>{attempt?.Reply ?? attempt?.Error ?? "-"}</dd></dl>
            </details></li>
            """);
    }

    private static string Verified(AttemptReport? attempt) => attempt?.CertificateVerified switch
    {
        true => "verified",
        false => "not verified" + (attempt.CertificateError is null ? string.Empty : ": " + attempt.CertificateError),
        null => "-",
    };

    private static Html PlaintextHop(IReadOnlyList<ReportHop> hops) =>
        hops.FirstOrDefault(h => h.Security == "plaintext") is { } hop
            ? new HtmlBuilder().Append($" — hop {hop.Index} {JudgementStyle.Name(hop.From)} \u2192 {hop.By ?? "?"} carried it in plaintext").ToHtml()
            : Html.Empty;
}
