using System.Globalization;

namespace TlsRecordingRelay.Http.Pages;

/// <summary>
/// An inline SVG of horizontal stacked bars, one per row, each bar the whole of that row (100 %) split by series:
/// read at a glance, no script, no library. Every segment has a <c>&lt;title&gt;</c> (hover) with its count;
/// the legend repeats the series names, and the table under the chart has every number.
/// </summary>
public static class StackedBarChart
{
    private const int LabelWidth = 230;
    private const int BarWidth = 560;
    private const int SummaryWidth = 210;
    private const int RowHeight = 24;
    private const int BarHeight = 16;

    /// <summary>At most this many bars; the table lists the rest.</summary>
    public const int MaxRows = 20;

    /// <param name="id">Unique on the page: the prefix of the chart's pattern ids.</param>
    public static Html Render(string id, string title, IReadOnlyList<ChartSeries> series, IReadOnlyList<ChartRow> rows)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(rows);
        var shown = rows.Take(MaxRows).ToList();
        var height = (shown.Count * RowHeight) + 8;
        var svg = new HtmlBuilder();
        svg.Append($"""
            <svg width="0" height="0" aria-hidden="true" style="position:absolute"><defs>
            """);
        for (var i = 0; i < series.Count; i++)
        {
            if (series[i].Hatched)
            {
                svg.Append($"""<pattern id="{id}-s{i}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="{series[i].Colour}"/><rect width="2" height="6" fill="#ffffff" fill-opacity=".75"/></pattern>""");
            }
        }

        svg.Append($"""</defs></svg><div class="legend">""");
        for (var i = 0; i < series.Count; i++)
        {
            svg.Append($"""<span><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="{Fill(id, series, i)}" stroke="#57606a" stroke-width=".5"/></svg> {series[i].Name}</span>""");
        }

        svg.Append($"""
            </div>
            <svg class="chart" id="{id}" role="img" aria-label="{title}" width="{LabelWidth + BarWidth + SummaryWidth}" height="{height}" viewBox="0 0 {LabelWidth + BarWidth + SummaryWidth} {height}" xmlns="http://www.w3.org/2000/svg">
            <title>{title}</title>
            """);
        for (var r = 0; r < shown.Count; r++)
        {
            var row = shown[r];
            var y = 4 + (r * RowHeight);
            var total = row.Values.Sum();
            svg.Append($"""<g class="bar" data-label="{row.Label}"><text x="{LabelWidth - 8}" y="{y + 12.5}" text-anchor="end">{Clip(row.Label)}</text>""");
            svg.Append($"""<rect x="{LabelWidth}" y="{y}" width="{BarWidth}" height="{BarHeight}" fill="#f6f8fa" stroke="#d0d7de"/>""");
            double x = LabelWidth;
            for (var i = 0; i < row.Values.Count && total > 0; i++)
            {
                var width = (double)BarWidth * row.Values[i] / total;
                if (row.Values[i] == 0)
                {
                    continue;
                }

                svg.Append($"""<rect class="s{i}" fill="{Fill(id, series, i)}" x="{Px(x)}" y="{y}" width="{Px(width)}" height="{BarHeight}"><title>{row.Label}: {series[i].Name} {row.Values[i]} of {total}</title></rect>""");
                x += width;
            }

            svg.Append($"""<text x="{LabelWidth + BarWidth + 8}" y="{y + 12.5}">{row.Summary}</text></g>""");
        }

        svg.Append($"</svg>");
        return svg.ToHtml();
    }

    private static string Fill(string id, IReadOnlyList<ChartSeries> series, int i) =>
        series[i].Hatched ? $"url(#{id}-s{i})" : series[i].Colour;

    private static string Px(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Clip(string label) => label.Length <= 32 ? label : label[..31] + "…";
}
