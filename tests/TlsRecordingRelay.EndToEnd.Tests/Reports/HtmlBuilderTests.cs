using TlsRecordingRelay.Http.Pages;

namespace TlsRecordingRelay.EndToEnd.Tests.Reports;

/// <summary>The page builder encodes every hole, so no page can forget to encode a stored value.</summary>
public sealed class HtmlBuilderTests
{
    [Fact]
    public void Holes_are_encoded_literals_and_html_fragments_are_not()
    {
        const string hostile = "\"><script>alert('x')</script>&amp;";
        var fragment = new Html("<b>ours</b>");

        var html = new HtmlBuilder().Append($"""<p title="{hostile}">{hostile}{fragment}{42}{1.5}</p>""").ToString();

        Assert.Equal("<p title=\"&quot;&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;amp;\">&quot;&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;amp;<b>ours</b>421.5</p>", html);
        var document = Page.Parse(html);
        Assert.Equal(hostile, document.QuerySelector("p")!.GetAttribute("title"));
        Assert.Equal(hostile + "ours421.5", document.QuerySelector("p")!.TextContent);
    }

    [Fact]
    public void Links_carry_the_access_token_only_when_the_request_had_one()
    {
        Assert.Equal("/domains?days=30", new PageLinks(null).Href("/domains", "days=30"));
        Assert.Equal("/domains?days=30&access_token=a%2Bb%26c", new PageLinks("a+b&c").Href("/domains", "days=30"));
        Assert.Equal("/reports/a%2Fb%25%40c?access_token=t", new PageLinks("t").Report("a/b%@c"));
    }
}
