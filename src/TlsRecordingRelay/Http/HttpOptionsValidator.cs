using System.Net;
using Microsoft.Extensions.Options;

namespace TlsRecordingRelay.Http;

/// <summary>Stops startup on unusable URLs, and on a non-loopback binding without <c>Http:ApiToken</c>.</summary>
public sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.UrlList.Count == 0)
        {
            return ValidateOptionsResult.Fail("Http:Urls names no URL.");
        }

        foreach (var url in options.UrlList)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                return ValidateOptionsResult.Fail($"Http:Urls: '{url}' is not an http(s) URL.");
            }

            // Reports name senders, recipients and servers: beyond loopback they are only served behind a token.
            if (!IsLoopback(uri.Host) && string.IsNullOrWhiteSpace(options.ApiToken))
            {
                return ValidateOptionsResult.Fail($"Http:Urls binds {uri.Host}, beyond loopback: set Http:ApiToken.");
            }
        }

        return ValidateOptionsResult.Success;
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
