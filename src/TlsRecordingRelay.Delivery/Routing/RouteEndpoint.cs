using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TlsRecordingRelay.Delivery.Routing;

/// <summary>A configured next hop: <c>host:port</c>, <c>[ipv6]:port</c> or a bare host (port 25).</summary>
public sealed record RouteEndpoint(string Host, int Port)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out RouteEndpoint? endpoint)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        string host;
        var portText = "25";
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = value[1..close];
            if (close + 1 < value.Length)
            {
                if (value[close + 1] != ':')
                {
                    return false;
                }

                portText = value[(close + 2)..];
            }
        }
        else
        {
            var colon = value.LastIndexOf(':');
            if (colon >= 0 && value.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                return false; // a bare IPv6 address needs brackets: [::1]:25
            }

            host = colon < 0 ? value : value[..colon];
            if (colon >= 0)
            {
                portText = value[(colon + 1)..];
            }
        }

        if (host.Length == 0 || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        endpoint = new RouteEndpoint(host, port);
        return true;
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
