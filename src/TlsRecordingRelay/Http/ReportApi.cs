using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TlsRecordingRelay.Core.Reports;

namespace TlsRecordingRelay.Http;

/// <summary><c>GET /api/reports?messageId=…</c> or <c>?queueId=…</c>: the <c>report --json</c> document; 404 when unknown.</summary>
public static class ReportApi
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public static IEndpointRouteBuilder MapReportApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/reports", FindAsync);
        return endpoints;
    }

    private static async Task<IResult> FindAsync(string? messageId, string? queueId, IReportReader reports, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(messageId) == string.IsNullOrWhiteSpace(queueId))
        {
            return Results.Content(Error("give exactly one of messageId and queueId"), JsonContentType, statusCode: StatusCodes.Status400BadRequest);
        }

        var id = messageId ?? queueId!;
        var found = messageId is not null
            ? await reports.FindByMessageIdAsync(id, cancellationToken)
            : await reports.FindByQueueIdAsync(id, cancellationToken);
        var milter = await reports.FindMilterReportsAsync(id, cancellationToken);
        if (found.Count == 0 && milter.Count == 0)
        {
            var what = messageId is not null ? "Message-ID" : "queue id";
            return Results.Content(Error($"no report for this {what}"), JsonContentType, statusCode: StatusCodes.Status404NotFound);
        }

        return Results.Content(ReportJson.Serialize(found, milter), JsonContentType);
    }

    // The unknown id is not echoed back: it is user text, and the caller has it already.
    private static string Error(string message) => "{\"reports\":[],\"milterReports\":[],\"error\":\"" + message + "\"}";
}
