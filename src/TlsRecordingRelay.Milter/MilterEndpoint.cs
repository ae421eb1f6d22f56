using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TlsRecordingRelay.Milter;

/// <summary>
/// Parses a milter socket specification as admins write it: Postfix's <c>inet:host:port</c> and <c>unix:/path</c>
/// (smtpd_milters), Sendmail's <c>inet:port@host</c>, <c>inet6:port@host</c> and <c>local:/path</c> (INPUT_MAIL_FILTER S=).
/// </summary>
public static class MilterEndpoint
{
    public static bool TryParse(string? spec, [NotNullWhen(true)] out EndPoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        error = null;
        var colon = spec?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (spec is null || colon <= 0 || colon == spec.Length - 1)
        {
            error = "expected inet:HOST:PORT, inet:PORT@HOST, inet6:PORT@HOST or unix:/path";
            return false;
        }

        var transport = spec[..colon].ToLowerInvariant();
        var rest = spec[(colon + 1)..];
        switch (transport)
        {
            case "unix" or "local":
                endpoint = new UnixDomainSocketEndPoint(rest);
                return true;
            case "inet" or "inet6":
                return TryParseInet(rest, out endpoint, out error);
            default:
                error = $"unknown transport '{transport}' (inet, inet6, unix or local)";
                return false;
        }
    }

    private static bool TryParseInet(string rest, [NotNullWhen(true)] out EndPoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        string host;
        string port;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            port = rest[..at];
            host = rest[(at + 1)..];
        }
        else
        {
            var last = rest.LastIndexOf(':');
            if (last <= 0)
            {
                error = "inet needs HOST:PORT or PORT@HOST";
                return false;
            }

            host = rest[..last];
            port = rest[(last + 1)..];
        }

        host = host.Trim('[', ']');
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
        {
            error = $"bad port '{port}'";
            return false;
        }

        if (host.Length == 0 || host == "*")
        {
            endpoint = new IPEndPoint(IPAddress.Any, number);
        }
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            endpoint = new IPEndPoint(IPAddress.Loopback, number);
        }
        else if (IPAddress.TryParse(host, out var address))
        {
            endpoint = new IPEndPoint(address, number);
        }
        else
        {
            // A milter listens where the MTA reaches it: an address, not a name to resolve at start.
            error = $"'{host}' is not an IP address";
            return false;
        }

        error = null;
        return true;
    }
}
