using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TlsRecordingRelay.Delivery.Dsn;
using TlsRecordingRelay.Delivery.Metrics;
using TlsRecordingRelay.Delivery.Policy;
using TlsRecordingRelay.Delivery.Retry;
using TlsRecordingRelay.Delivery.Routing;
using TlsRecordingRelay.Delivery.Sending;
using TlsRecordingRelay.Delivery.Workers;

namespace TlsRecordingRelay.Delivery;

/// <summary>Registers outbound delivery by hand. Needs an <c>IDeliveryQueue</c> (Storage's <c>AddDeliveryQueue</c>).</summary>
public static class DeliveryServiceCollectionExtensions
{
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Bound from the configuration passed in (not BindConfiguration's IConfiguration from DI), so the
        // registration works the same in the host and in a bare ServiceCollection.
        services.AddOptionsWithValidateOnStart<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.SectionName));
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        services.AddOptionsWithValidateOnStart<TlsPolicyOptions>().Bind(configuration.GetSection(TlsPolicyOptions.SectionName));
        services.AddSingleton<IValidateOptions<TlsPolicyOptions>, TlsPolicyOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDnsLookup, DnsClientLookup>();
        services.AddSingleton(sp => new HeloName(ChooseHeloName(sp.GetRequiredService<IOptions<DeliveryOptions>>().Value, configuration)));
        services.AddSingleton<TlsPolicyMap>();
        services.AddSingleton<RouteResolver>();
        services.AddSingleton<CertificateVerifier>();
        services.AddSingleton<SessionOpener>();
        services.AddSingleton<ConnectionCache>();
        services.AddSingleton<SmtpSender>();
        services.AddSingleton(sp => new DsnBuilder(sp.GetRequiredService<HeloName>().Value));
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<DeliveryOptions>>().Value;
            return new BackoffSchedule(o.InitialBackoff, o.MaximumBackoff, o.MaximumLifetime);
        });
        services.AddMetrics();
        services.AddSingleton<DeliveryMetrics>();
        // Needs an IQueueStatistics (Storage's AddDeliveryQueue); resolved only where the gauges are published.
        services.AddSingleton<QueueGauges>();
        services.AddSingleton<DeliveryProcessor>();
        services.AddSingleton<IHostedService, DeliveryHostedService>();
        return services;
    }

    private static string ChooseHeloName(DeliveryOptions options, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(options.HeloName))
        {
            return options.HeloName.Trim();
        }

        var smtpHostname = configuration["Smtp:Hostname"];
        return string.IsNullOrWhiteSpace(smtpHostname) ? System.Net.Dns.GetHostName() : smtpHostname.Trim();
    }
}
