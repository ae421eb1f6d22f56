using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.Core.Dashboard;
using TlsRecordingRelay.Core.Reports;
using TlsRecordingRelay.Storage.Dashboard;
using TlsRecordingRelay.Storage.Reports;

namespace TlsRecordingRelay.Storage;

/// <summary>Registers the storage layer's services by hand.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the handle, its <see cref="NpgsqlDataSource"/>, the <see cref="IMessageRepository"/>, the <see cref="IReportReader"/> and the validated
    /// <see cref="StorageOptions"/> (bound from the <see cref="IConfiguration"/> in the container). The caller keeps
    /// owning <paramref name="handle"/>: open it before the host, dispose it after the host stops (the container
    /// never disposes instances it was given).
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, DatabaseHandle handle)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(handle);
        services.AddOptionsWithValidateOnStart<StorageOptions>().BindConfiguration(StorageOptions.SectionName);
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton(handle);
        services.AddSingleton(handle.DataSource);
        services.AddSingleton<IMessageRepository>(provider => new MessageRepository(
            provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<ILogger<MessageRepository>>()));
        services.AddSingleton<IReportReader>(provider => new ReportRepository(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IEncryptionDashboardReader>(provider => new EncryptionDashboardRepository(provider.GetRequiredService<NpgsqlDataSource>()));
        return services;
    }
}
