namespace TlsRecordingRelay.Http;

/// <summary>The <c>Http</c> section: where the report API, report pages, health and metrics listen.</summary>
public sealed class HttpOptions
{
    public const string SectionName = "Http";

    /// <summary>Semicolon-separated Kestrel URLs; loopback by default, so reports are not exposed by accident.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8025";

    /// <summary>A bearer token every request but <c>/healthz</c> must present; required when bound beyond loopback.</summary>
    public string? ApiToken { get; set; }

    /// <summary>The URLs, one per entry.</summary>
    public IReadOnlyList<string> UrlList => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
