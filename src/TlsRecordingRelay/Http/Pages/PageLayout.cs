using Microsoft.AspNetCore.Http;

namespace TlsRecordingRelay.Http.Pages;

/// <summary>
/// The frame of every page: inline CSS only (no CDN, font or script, so pages work offline and under a strict
/// Content-Security-Policy), a header with the navigation, and the response headers that keep reports private.
/// </summary>
public static class PageLayout
{
    public const string HtmlContentType = "text/html; charset=utf-8";

    // Judgement colours are paired with a mark and a word everywhere (WCAG 1.4.1: not colour alone);
    // plaintext also gets a dashed border and a hatched fill in charts.
    private const string Css = """
        :root{--enc:#1a7f37;--enc-bg:#dafbe1;--pla:#cf222e;--pla-bg:#ffebe9;--int:#0969da;--int-bg:#ddf4ff;--unk:#9a6700;--unk-bg:#fff8c5;--mut:#57606a;--line:#d0d7de}
        *{box-sizing:border-box}
        body{font-family:"DejaVu Sans","Liberation Sans",system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa;font-size:14px;line-height:1.45}
        header{background:#24292f;color:#fff;padding:.6rem 1.5rem;display:flex;gap:2rem;align-items:baseline}
        header h1{font-size:1.15rem;margin:0}
        header a{color:#c9d1d9}
        main{padding:1rem 1.5rem;max-width:1600px}
        h2{font-size:1.15rem;margin:.2rem 0 .6rem}
        h3{font-size:1rem;margin:1rem 0 .4rem}
        section.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem 1.2rem;margin-bottom:1.2rem}
        code{font-family:"DejaVu Sans Mono",monospace;font-size:.92em;word-break:break-all}
        .muted{color:var(--mut)}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0}
        dl.facts dt{color:var(--mut)}
        dl.facts dd{margin:0;overflow-wrap:anywhere}
        .badge{display:inline-block;border-radius:1rem;padding:0 .6rem;font-weight:bold;border:1px solid}
        .sec-encrypted{--c:var(--enc);--bg:var(--enc-bg)}
        .sec-plaintext{--c:var(--pla);--bg:var(--pla-bg)}
        .sec-internal{--c:var(--int);--bg:var(--int-bg)}
        .sec-unknown{--c:var(--unk);--bg:var(--unk-bg)}
        .badge{color:var(--c);background:var(--bg);border-color:var(--c)}
        ol.path{list-style:none;display:flex;flex-wrap:wrap;align-items:stretch;gap:.5rem 2rem;padding:0;margin:.4rem 0}
        ol.path>li{position:relative;flex:0 1 15rem;min-width:11rem}
        ol.path>li+li::before{content:"\2192";position:absolute;left:-1.6rem;top:.9rem;font-size:1.3rem;color:var(--mut)}
        .hop{border:2px solid var(--c);background:var(--bg);border-radius:8px;padding:.4rem .6rem}
        .hop.sec-plaintext{border-style:dashed;border-width:3px}
        .hop .mark{font-size:1.1rem;color:var(--c);font-weight:bold}
        .hop .label{font-weight:bold;color:var(--c);text-transform:uppercase;font-size:.8rem;letter-spacing:.04em}
        .hop .kind{display:block;font-size:.75rem;color:var(--mut)}
        .hop .hosts{display:block;overflow-wrap:anywhere;margin-top:.15rem}
        .hop summary{cursor:pointer;list-style:none}
        .hop summary::-webkit-details-marker{display:none}
        .hop details[open]{background:#fff8}
        .hop dl{display:grid;grid-template-columns:max-content 1fr;gap:0 .5rem;margin:.4rem 0 0;font-size:.85rem}
        .hop dt{color:var(--mut)}
        .hop dd{margin:0;overflow-wrap:anywhere}
        ul.deliveries{list-style:none;padding:0;margin:0;display:flex;flex-direction:column;gap:.4rem}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f6f8fa}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        td.wrap{overflow-wrap:break-word;max-width:28rem}
        nav.window a{margin-right:.8rem}
        nav.window a[aria-current]{font-weight:bold;color:#1f2328;text-decoration:none;border-bottom:2px solid #1f2328}
        svg.chart{max-width:100%;height:auto;font-family:inherit}
        svg.chart text{font-size:12px;fill:#1f2328}
        .legend{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;margin:.3rem 0 .6rem;font-size:.85rem}
        .legend svg{vertical-align:middle}
        """;

    public static string Page(string title, Html body, PageLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        var page = new HtmlBuilder();
        page.Append($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>{title} · tlsrelay</title>
            <style>{new Html(Css)}</style>
            </head><body>
            <header><h1>tlsrelay</h1><nav><a href="{links.Href("/domains")}">Encryption dashboard</a></nav></header>
            <main>
            {body}
            </main></body></html>
            """);
        return page.ToString();
    }

    /// <summary>An HTML response with the headers every page gets.</summary>
    public static IResult Respond(HttpContext context, string html, int statusCode = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        // Defence in depth behind the encoding: no script may run and nothing may load from elsewhere.
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        // The token may sit in the URL: never send it on, never keep the page in a shared cache.
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        return Results.Content(html, HtmlContentType, statusCode: statusCode);
    }

    /// <summary>The access token the request came in with on its query string, for <see cref="PageLinks"/>.</summary>
    public static PageLinks LinksFor(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var token = context.Request.Query["access_token"].ToString();
        return new PageLinks(token.Length == 0 ? null : token);
    }
}
