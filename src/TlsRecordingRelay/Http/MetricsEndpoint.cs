using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using TlsRecordingRelay.Delivery.Metrics;

namespace TlsRecordingRelay.Http;

/// <summary>
/// <c>GET /metrics</c>: the instruments of Smtp, Delivery, Storage and Milter (System.Diagnostics.Metrics) in
/// Prometheus text, through OpenTelemetry's exporter, behind the same bearer token as the API.
/// </summary>
/// <remarks>
/// Why OpenTelemetry and not prometheus-net 8.2.1 (stable, while this exporter is a beta): prometheus-net's
/// MeterAdapter publishes every .NET <c>Counter</c> as a Prometheus gauge without <c>_total</c> and drops series
/// after 5 idle minutes (a quiet relay's totals would reset), and it listens to every meter in the process. The
/// OpenTelemetry SDK keeps counters cumulative with <c>_total</c>, honours the bucket advice of our histograms,
/// and plugs into the host's metrics rules, so <see cref="MeterScope.Local"/> limits it to this host's meters.
/// </remarks>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>The prefix of every meter we own (<c>TlsRecordingRelay.Smtp</c>, <c>.Delivery</c>, <c>.Milter</c>).</summary>
    private const string MeterPrefix = "TlsRecordingRelay";

    /// <summary>The name under which the OpenTelemetry SDK registers its <c>IMetricsListener</c>.</summary>
    private const string OpenTelemetryListener = "OpenTelemetry";

    public static IServiceCollection AddRelayMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("tlsrelay"))
            .WithMetrics(metrics => metrics.AddPrometheusExporter());
        // Local scope: only meters made by this host's IMeterFactory. Two relays in one process (the tests) or a
        // library's static meter of the same name never add into this relay's numbers.
        services.AddMetrics(metrics => metrics.EnableMetrics(MeterPrefix, instrumentName: null, OpenTelemetryListener, MeterScope.Local));
        return services;
    }

    public static IEndpointRouteBuilder MapRelayMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(RefreshQueueAsync), optionsName: null);
        return endpoints;
    }

    /// <summary>The queue gauges read PostgreSQL here, asynchronously and at most every few seconds, before the
    /// exporter runs the (synchronous) gauge callbacks.</summary>
    private static async Task RefreshQueueAsync(HttpContext context, RequestDelegate next)
    {
        await context.RequestServices.GetRequiredService<QueueGauges>().RefreshAsync(context.RequestAborted);
        await next(context);
    }
}
