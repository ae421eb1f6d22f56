using System.Globalization;
using System.Net;
using System.Text;

namespace TlsRecordingRelay.Core.Received;

/// <summary>
/// Writes our sendmail-style Received field (DESIGN.md "Our Received line"): every existing parser reads
/// sendmail's <c>(version= cipher= bits= verify=)</c> comment, and RFC 8314 §4.3 adds the <c>tls</c> clause.
/// </summary>
public static class ReceivedStamp
{
    public const string Software = "TlsRecordingRelay/1.0";

    // RFC 5321 §4.5.3.1.2: a domain is at most 255 octets; §4.5.3.1.3: a path at most 256.
    private const int MaxHelo = 255;
    private const int MaxAddress = 256;

    /// <summary>Returns the whole field: <c>Received: …</c> folded with tabs, ending in CRLF.</summary>
    public static string Build(ReceivedStampInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var helo = HeaderText.Sanitize(input.Helo, MaxHelo);
        if (helo.Length == 0)
        {
            helo = "unknown";
        }

        var rdns = HeaderText.Sanitize(input.Rdns, MaxHelo);
        var ip = FormatAddressLiteral(input.ClientIp);

        var builder = new StringBuilder(256);
        builder.Append("Received: from ").Append(helo).Append(" (");
        if (rdns.Length > 0)
        {
            builder.Append(rdns).Append(' ');
        }

        builder.Append('[').Append(ip).Append("])\r\n");
        builder.Append("\tby ").Append(HeaderText.Sanitize(input.ByHost, MaxHelo))
            .Append(" (").Append(Software).Append(") with ").Append(input.WithProtocol)
            .Append(" id ").Append(HeaderText.Sanitize(input.QueueId, 64)).Append("\r\n");

        if (input.Tls is { } tls)
        {
            builder.Append("\t(version=").Append(tls.Version ?? tls.VersionRaw ?? "unknown")
                .Append(" cipher=").Append(HeaderText.Sanitize(tls.Cipher, 128))
                .Append(" bits=").Append(tls.Bits?.ToString(CultureInfo.InvariantCulture) ?? "0")
                .Append(" verify=").Append(tls.Verify ?? "NOT").Append(")\r\n");
            if (!string.IsNullOrEmpty(tls.Cipher))
            {
                builder.Append("\ttls ").Append(HeaderText.Sanitize(tls.Cipher, 128)).Append("\r\n");
            }
        }

        builder.Append('\t');
        if (input.Recipients.Count == 1)
        {
            // sendmail names the recipient only when there is exactly one: more would disclose Bcc.
            builder.Append("for <").Append(HeaderText.Sanitize(input.Recipients[0], MaxAddress)).Append(">; ");
        }

        builder.Append(FormatDate(input.Date)).Append("\r\n");
        return builder.ToString();
    }

    /// <summary>RFC 5322 §3.3 date-time, always with a numeric zone.</summary>
    public static string FormatDate(DateTimeOffset date) =>
        date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
        + (date.Offset < TimeSpan.Zero ? "-" : "+")
        + date.Offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);

    private static string FormatAddressLiteral(string ip)
    {
        // RFC 5321 §4.1.3: IPv6 literals carry the "IPv6:" tag; IPv4-mapped addresses print as IPv4.
        if (IPAddress.TryParse(ip, out var address))
        {
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? "IPv6:" + address
                : address.ToString();
        }

        return HeaderText.Sanitize(ip, 64);
    }
}
