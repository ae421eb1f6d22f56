using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Storage.Queue;

/// <summary>Registers the PostgreSQL delivery queue; needs the <c>NpgsqlDataSource</c> that <c>AddStorage</c> registers.</summary>
public static class DeliveryQueueServiceCollectionExtensions
{
    public static IServiceCollection AddDeliveryQueue(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<QueueNotifications>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<QueueNotifications>());
        services.AddSingleton<IDeliveryQueue, PostgresDeliveryQueue>();
        services.AddSingleton<IQueueStatistics, PostgresQueueStatistics>();
        return services;
    }
}
