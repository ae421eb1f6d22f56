namespace TlsRecordingRelay.Http.Pages;

/// <summary>
/// Builds the links inside a page: a browser that came in with <c>?access_token=</c> (BearerTokenMiddleware) has no
/// other way to present it, so every link carries it along; without one in the request, links carry none.
/// </summary>
public sealed class PageLinks(string? accessToken)
{
    public string Href(string path, string? query = null)
    {
        var parts = new[] { query, accessToken is { Length: > 0 } token ? "access_token=" + Uri.EscapeDataString(token) : null }
            .Where(p => !string.IsNullOrEmpty(p));
        var joined = string.Join('&', parts);
        return joined.Length == 0 ? path : path + "?" + joined;
    }

    /// <summary>The link to a report page: the id percent-encoded as one path segment ('/' included).</summary>
    public string Report(string id) => Href("/reports/" + Uri.EscapeDataString(id));
}
