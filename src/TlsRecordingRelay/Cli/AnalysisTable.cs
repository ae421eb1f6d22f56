using System.Globalization;
using System.Text;
using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Cli;

/// <summary>Renders a hop analysis as plain aligned text: one row per hop, newest first, the verdict on top.</summary>
internal static class AnalysisTable
{
    private static readonly string[] Headings = ["hop", "from → by", "with", "TLS", "judgement", "delay", "reason"];

    public static string Render(ChainAnalysis analysis, int maxCell)
    {
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
                Cut(hop.Parsed ? Describe(hop) : "(unparsed)", maxCell),
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

    private static string Describe(Hop hop)
    {
        var from = hop.From.Rdns ?? hop.From.Helo ?? "?";
        var ip = hop.From.Ip is { } address && address != from ? $" [{address}]" : string.Empty;
        return hop.From == HopEndpoint.None ? $"(local) → {hop.By ?? "?"}" : $"{from}{ip} → {hop.By ?? "?"}";
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
