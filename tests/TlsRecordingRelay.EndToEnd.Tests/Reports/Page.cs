using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace TlsRecordingRelay.EndToEnd.Tests.Reports;

/// <summary>A fetched web page: status, headers, the raw HTML and its DOM (parsed by AngleSharp, as a browser would).</summary>
internal sealed record Page(HttpStatusCode Status, string? MediaType, string? ContentSecurityPolicy, string Html, IDocument Document)
{
    public static async Task<Page> GetAsync(Uri relay, string pathAndQuery)
    {
        using var http = new HttpClient { BaseAddress = relay };
        using var response = await http.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        var csp = response.Headers.TryGetValues("Content-Security-Policy", out var values) ? values.Single() : null;
        return new Page(response.StatusCode, response.Content.Headers.ContentType?.MediaType, csp, html, Parse(html));
    }

    public static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>The path of a report page for this id, escaped as one segment (as PageLinks writes it).</summary>
    public static string Report(string id) => "/reports/" + Uri.EscapeDataString(id);

    /// <summary>Asserts nothing in the page can run or load from elsewhere: no script, no handler, no external URL.</summary>
    public static void AssertInert(IDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Assert.Empty(document.QuerySelectorAll("script, img, iframe, object, embed, link"));
        foreach (var element in document.All)
        {
            Assert.DoesNotContain(element.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
            foreach (var name in new[] { "href", "src" })
            {
                var url = element.GetAttribute(name);
                Assert.True(url is null || url.StartsWith('/') || url.StartsWith('#'), $"{element.LocalName} {name}={url} leaves the relay");
            }
        }
    }
}
