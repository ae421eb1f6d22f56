using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using TlsRecordingRelay.Storage.Queue;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.Delivery.Tests;

/// <summary>
/// One relay process's delivery side on a shared database: the real <c>AddDeliveryQueue</c> + <c>AddDelivery</c>
/// composition in a Generic Host, with a clock the test can move forward.
/// </summary>
internal sealed class DeliveryNode : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly NpgsqlDataSource _dataSource;

    private DeliveryNode(IHost host, NpgsqlDataSource dataSource)
    {
        _host = host;
        _dataSource = dataSource;
    }

    public static async Task<DeliveryNode> StartAsync(string connectionString, ShiftableTimeProvider time, IDictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Delivery:HeloName"] = "relay.test",
            ["Delivery:PollInterval"] = "00:00:00.200",
            ["Delivery:ConnectTimeout"] = "00:00:05",
            ["Delivery:CommandTimeout"] = "00:00:30",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var dataSource = new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { GssEncryptionMode = GssEncryptionMode.Disable } }.Build();
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddDeliveryQueue();
        builder.Services.AddDelivery(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new DeliveryNode(host, dataSource);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _dataSource.DisposeAsync();
    }
}
