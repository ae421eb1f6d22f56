using System.Globalization;
using System.Text;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// Renders a hop analysis as plain aligned text (hop, from → by, with, TLS, judgement, delay, reason), newest first,
/// the verdict on top: the <c>analyze</c> verb's default output, and reusable by <c>report</c>.
/// </summary>
public static class HopTable
{
    /// <summary>Cells wider than this are cut with '…' so the table stays readable; the reason is never cut.</summary>
    public const int DefaultMaxCell = 40;

    private static readonly string[] Headings = ["hop", "from → by", "with", "TLS", "judgement", "delay", "reason"];

    public static string Render(ChainAnalysis analysis, int maxCell = DefaultMaxCell)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        maxCell = Math.Max(maxCell, 8);
        var builder = new StringBuilder();
        builder.Append("verdict: ").Append(analysis.Verdict).Append(" — ").Append(analysis.VerdictReason).Append('\n');
        if (analysis.Hops.Count == 0)
        {
            return builder.ToString();
        }

        var rows = new List<string[]> { Headings };
        foreach (var hop in analysis.Hops)
        {
            rows.Add(
            [
                hop.Index.ToString(CultureInfo.InvariantCulture) + (hop.Observed ? "*" : string.Empty),
                hop.Parsed ? Describe(hop, maxCell) : "(unparsed)",
                Cut(hop.With ?? "-", maxCell),
                Cut(Tls(hop.Tls), maxCell),
                hop.Security,
                hop.DelaySeconds is { } delay ? delay.ToString("+0;-0;0", CultureInfo.InvariantCulture) + "s" : "-",
                hop.Reason,
            ]);
        }

        var widths = new int[Headings.Length];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length - 1; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        builder.Append('\n');
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                builder.Append(c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c] + 2));
            }

            builder.Append('\n');
        }

        if (analysis.Hops.Any(h => h.Observed))
        {
            builder.Append("\n* observed: stamped by this relay; the other hops are claims written upstream.\n");
        }

        return builder.ToString();
    }

    /// <summary>"sender [ip] → receiver", each side cut on its own so neither hides the other.</summary>
    private static string Describe(Hop hop, int maxSide)
    {
        var by = Cut(hop.By ?? "?", maxSide);
        if (hop.From == HopEndpoint.None)
        {
            return $"(local) → {by}";
        }

        var name = hop.From.Rdns ?? hop.From.Helo;
        var from = (name, hop.From.Ip) switch
        {
            (null, null) => "?",
            (null, { } ip) => ip,
            ({ } n, { } ip) when n != ip => $"{n} [{ip}]",
            ({ } n, _) => n,
        };
        return $"{Cut(from, maxSide)} → {by}";
    }

    private static string Tls(TlsDetails? tls)
    {
        if (tls is null)
        {
            return "-";
        }

        var parts = new[] { tls.Version ?? tls.VersionRaw, tls.Cipher, tls.Bits?.ToString(CultureInfo.InvariantCulture) }
            .Where(p => !string.IsNullOrEmpty(p));
        var text = string.Join(' ', parts);
        return text.Length == 0 ? "yes" : text;
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
