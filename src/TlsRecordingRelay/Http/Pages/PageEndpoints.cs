using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using TlsRecordingRelay.Cli;
using TlsRecordingRelay.Core.Dashboard;
using TlsRecordingRelay.Core.Reports;

namespace TlsRecordingRelay.Http.Pages;

/// <summary>Maps the web pages: <c>GET /reports/{id}</c> (Message-ID or queue id) and <c>GET /domains?days=7|30</c>.</summary>
public static class PageEndpoints
{
    private const string ReportsPrefix = "/reports/";

    public static IEndpointRouteBuilder MapReportPages(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/reports/{**id}", ReportAsync);
        endpoints.MapGet("/domains", DashboardAsync);
        return endpoints;
    }

    private static async Task<IResult> ReportAsync(HttpContext context, IReportReader reports, CancellationToken cancellationToken)
    {
        var links = PageLayout.LinksFor(context);
        var id = IdOf(context);
        if (string.IsNullOrWhiteSpace(id))
        {
            return PageLayout.Respond(context, ReportPage.NotFound(id, links), StatusCodes.Status404NotFound);
        }

        var found = await ReportVerb.FindAsync(reports, id, cancellationToken);
        var milter = await reports.FindMilterReportsAsync(id, cancellationToken);
        return found.Count == 0 && milter.Count == 0
            ? PageLayout.Respond(context, ReportPage.NotFound(id, links), StatusCodes.Status404NotFound)
            : PageLayout.Respond(context, ReportPage.Render(id, found, milter, links));
    }

    private static async Task<IResult> DashboardAsync(HttpContext context, string? days, IEncryptionDashboardReader dashboard, CancellationToken cancellationToken)
    {
        var links = PageLayout.LinksFor(context);
        var window = days switch
        {
            null or "" => DashboardPage.Windows[0],
            _ when int.TryParse(days, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && DashboardPage.Windows.Contains(n) => n,
            _ => 0,
        };
        if (window == 0)
        {
            return PageLayout.Respond(context, DashboardPage.BadWindow(links), StatusCodes.Status400BadRequest);
        }

        return PageLayout.Respond(context, DashboardPage.Render(await dashboard.ReadAsync(window, cancellationToken), links));
    }

    /// <summary>
    /// The id as sent, decoded once from the raw request target. Request.Path (and so the route value) keeps
    /// <c>%2F</c> encoded while decoding everything else, which makes a Message-ID containing '/' or "%2F" ambiguous.
    /// </summary>
    private static string IdOf(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? raw[..query] : raw;
        var start = path.IndexOf(ReportsPrefix, StringComparison.OrdinalIgnoreCase);
        return start < 0
            ? context.Request.RouteValues["id"] as string ?? string.Empty
            : Uri.UnescapeDataString(path[(start + ReportsPrefix.Length)..]);
    }
}
