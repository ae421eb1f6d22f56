using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TlsRecordingRelay.Core.Milter;

namespace TlsRecordingRelay.Storage.Milter;

/// <summary>Registers the milter's report store. Call after <c>AddStorage</c> (it needs the data source).</summary>
public static class MilterStorageServiceCollectionExtensions
{
    public static IServiceCollection AddMilterReports(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IMilterReportRepository>(sp => new MilterReportRepository(sp.GetRequiredService<NpgsqlDataSource>()));
        return services;
    }
}
