using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TlsRecordingRelay.Http.Pages;

namespace TlsRecordingRelay.Http;

/// <summary>Registers and maps the HTTP side: report API, report pages, health and metrics.</summary>
public static class HttpServiceCollectionExtensions
{
    /// <summary>A Message-ID may be 998 characters, percent-encoded three times over; Kestrel's 8 KB default is too tight.</summary>
    private const int MaxRequestLineBytes = 32 * 1024;

    public static WebApplicationBuilder AddRelayHttp(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptionsWithValidateOnStart<HttpOptions>().BindConfiguration(HttpOptions.SectionName);
        builder.Services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        builder.Services.AddSingleton<HealthProbe>();
        builder.Services.AddRelayMetrics();
        var options = builder.Configuration.GetSection(HttpOptions.SectionName).Get<HttpOptions>() ?? new HttpOptions();
        builder.WebHost.UseUrls([.. options.UrlList]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes;
        });
        return builder;
    }

    public static WebApplication MapRelayHttp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<BearerTokenMiddleware>();
        app.MapGet("/healthz", async (HealthProbe probe, CancellationToken cancellationToken) =>
        {
            var health = await probe.CheckAsync(cancellationToken);
            return Results.Json(health, statusCode: health.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapReportApi();
        app.MapRelayMetrics();
        app.MapReportPages();
        return app;
    }
}
