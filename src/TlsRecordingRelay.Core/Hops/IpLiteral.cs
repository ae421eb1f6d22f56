using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// Reads the peer addresses that Received lines print: <c>192.0.2.1</c>, <c>[192.0.2.1]</c>,
/// <c>IPv6:2001:db8::1</c> (RFC 5321 §4.1.3), bare IPv6, <c>::ffff:192.0.2.1</c>, and ports after them
/// (<c>192.0.2.1:25</c>, <c>[192.0.2.1]:25</c>). Stricter than <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>,
/// which would take "1" or "1.2" for an address.
/// </summary>
internal static class IpLiteral
{
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        text = text.Trim();
        if (text.Length > 0 && text[0] == '[')
        {
            var close = text.IndexOf(']');
            text = close < 0 ? text[1..] : text[1..close];
        }

        if (text.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[5..];
        }

        if (text.Length is < 2 or > 64)
        {
            return false;
        }

        if (LooksLikeIpv4(text, out var ipv4Length))
        {
            // A trailing ":port" or ".port" after a dotted quad is a port, not part of the address.
            if (!IPAddress.TryParse(text[..ipv4Length], out address))
            {
                return false;
            }
        }
        else if (!LooksLikeIpv6(text) || !IPAddress.TryParse(text, out address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return true;
    }

    public static string? Normalize(ReadOnlySpan<char> text) => TryParse(text, out var address) ? address.ToString() : null;

    private static bool LooksLikeIpv4(ReadOnlySpan<char> text, out int length)
    {
        var dots = 0;
        var digits = 0;
        length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                if (++digits > 3)
                {
                    return false;
                }
            }
            else if (c == '.' && digits > 0 && dots < 3)
            {
                dots++;
                digits = 0;
            }
            else if (dots == 3 && digits > 0 && c is ':' or '.')
            {
                length = i;
                return true;
            }
            else
            {
                return false;
            }
        }

        length = text.Length;
        return dots == 3 && digits > 0;
    }

    private static bool LooksLikeIpv6(ReadOnlySpan<char> text)
    {
        var colons = 0;
        foreach (var c in text)
        {
            if (c == ':')
            {
                colons++;
            }
            else if (!char.IsAsciiHexDigit(c) && c != '.' && c != '%')
            {
                return false;
            }
        }

        return colons >= 2;
    }
}
