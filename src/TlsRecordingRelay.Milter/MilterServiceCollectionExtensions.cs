using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Core.Milter;
using TlsRecordingRelay.Milter.Analysis;
using TlsRecordingRelay.Milter.Metrics;

namespace TlsRecordingRelay.Milter;

/// <summary>Registers the milter listener. Needs an <see cref="IMilterReportRepository"/> (Storage's AddMilterReports).</summary>
public static class MilterServiceCollectionExtensions
{
    /// <summary>Binds and validates <see cref="MilterOptions"/> and runs <see cref="MilterListener"/> as a hosted service.
    /// A <see cref="HopAnalyzer"/> in the container is used when present (trusted networks), else the default.</summary>
    public static IServiceCollection AddMilter(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptionsWithValidateOnStart<MilterOptions>().BindConfiguration(MilterOptions.SectionName);
        services.AddSingleton<IValidateOptions<MilterOptions>, MilterOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new MessageAnalyzer(
            sp.GetRequiredService<IOptions<MilterOptions>>().Value,
            sp.GetService<HopAnalyzer>() ?? HopAnalyzer.Default,
            sp.GetRequiredService<TimeProvider>()));
        services.AddMetrics();
        services.AddSingleton<MilterMetrics>();
        services.AddSingleton(sp => new MilterListener(
            sp.GetRequiredService<IOptions<MilterOptions>>(),
            sp.GetRequiredService<MessageAnalyzer>(),
            sp.GetRequiredService<IMilterReportRepository>(),
            sp.GetRequiredService<ILogger<MilterListener>>(),
            sp.GetRequiredService<MilterMetrics>()));
        services.AddHostedService(sp => sp.GetRequiredService<MilterListener>());
        return services;
    }
}
