using System.Globalization;
using TlsRecordingRelay.Core.Reports;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Http.Pages;

/// <summary>How a judgement looks on a page: a CSS class (colour), a mark and a word, so it never rests on colour alone.</summary>
public static class JudgementStyle
{
    /// <summary>One of encrypted, plaintext, internal, unknown; anything else reads as unknown.</summary>
    public static string Normalize(string? security) => security switch
    {
        "encrypted" or "plaintext" or "internal" => security,
        _ => "unknown",
    };

    public static string Mark(string security) => Normalize(security) switch
    {
        "encrypted" => "\u2714", // heavy check mark
        "plaintext" => "\u2718", // heavy ballot X
        "internal" => "\u2302", // house
        _ => "?",
    };

    public static Html Badge(string? security)
    {
        var s = Normalize(security);
        return new HtmlBuilder().Append($"""<span class="badge sec-{s}" data-security="{s}">{Mark(s)} {s}</span>""").ToHtml();
    }

    public static string Tls(TlsDetails? tls) => tls is null
        ? "none"
        : string.Join(' ', new[] { tls.Version ?? tls.VersionRaw ?? "TLS", tls.Cipher, tls.Bits is { } bits ? bits.ToString(CultureInfo.InvariantCulture) + " bits" : null }
            .Where(s => !string.IsNullOrEmpty(s)));

    public static string Name(ReportHopEndpoint from)
    {
        ArgumentNullException.ThrowIfNull(from);
        var name = from.Rdns ?? from.Helo;
        return name is null ? from.Ip ?? "?" : from.Ip is null ? name : $"{name} [{from.Ip}]";
    }

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
