using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ExternalDatabaseTests(PostgresFixture fixture)
{
    [Fact]
    public async Task A_configured_connection_string_wins_over_the_embedded_cluster_and_is_never_stopped()
    {
        var connectionString = await fixture.CreateDatabaseAsync("external");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([
                new("ConnectionStrings:Reports", connectionString),
                new("Storage:PostgresBinDirectory", "/nonexistent"), // would fail if the embedded path were taken
            ])
            .Build();

        await using var handle = await Database.OpenAsync(configuration, NullLoggerFactory.Instance, CancellationToken.None);

        Assert.False(handle.OwnsServer);
        Assert.Null(handle.EmbeddedDataDirectory);
        Assert.Equal(
            new NpgsqlConnectionStringBuilder(connectionString).Database,
            await EmbeddedDatabaseTests.CurrentDatabaseAsync(handle.DataSource));
    }

    [Fact]
    public async Task AddStorage_registers_the_data_source_and_a_working_repository()
    {
        var connectionString = await fixture.CreateDatabaseAsync("di");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("ConnectionStrings:Reports", connectionString)])
            .Build();
        await using var handle = await Database.OpenAsync(configuration, NullLoggerFactory.Instance, CancellationToken.None);
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddStorage(handle);
        await using var provider = services.BuildServiceProvider();

        Assert.Same(handle, provider.GetRequiredService<DatabaseHandle>());
        Assert.Same(handle.DataSource, provider.GetRequiredService<NpgsqlDataSource>());
        Assert.Equal("./var", provider.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory);
        await provider.GetRequiredService<IMessageRepository>().StoreAcceptedAsync(TestMessages.Create(), CancellationToken.None);
        await using var count = handle.DataSource.CreateCommand("SELECT count(*) FROM recipients");
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }
}
