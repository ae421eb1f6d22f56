using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using TlsRecordingRelay.Core.Acceptance;

namespace TlsRecordingRelay.Storage;

/// <summary>Registers the storage layer's services by hand.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the handle's <see cref="NpgsqlDataSource"/> and the <see cref="IMessageRepository"/>. The caller
    /// keeps owning <paramref name="handle"/> (open it before the host, dispose it after the host stops).
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, DatabaseHandle handle)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(handle);
        services.AddSingleton(handle.DataSource);
        services.AddSingleton<IMessageRepository>(provider => new MessageRepository(
            provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<ILogger<MessageRepository>>()));
        return services;
    }
}
