using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class DatabaseOutageTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Storing_fails_while_the_server_is_down_and_succeeds_once_it_is_back()
    {
        if (!fixture.CanStopServer)
        {
            return; // a server we do not own (TLSRELAY_TEST_DB, Testcontainers) cannot be stopped from here
        }

        var connectionString = await fixture.CreateDatabaseAsync("outage");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var repository = new MessageRepository(dataSource, NullLogger<MessageRepository>.Instance);
        await repository.StoreAcceptedAsync(TestMessages.Create(), CancellationToken.None); // warms the pool

        await fixture.StopServerAsync();
        try
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(
                () => repository.StoreAcceptedAsync(TestMessages.Create(), CancellationToken.None));
        }
        finally
        {
            await fixture.StartServerAsync();
        }

        await repository.StoreAcceptedAsync(TestMessages.Create(), CancellationToken.None);
    }

    [Fact]
    public async Task The_first_store_after_a_server_restart_succeeds_although_the_pool_holds_dead_connections()
    {
        if (!fixture.CanStopServer)
        {
            return; // as above
        }

        var connectionString = await fixture.CreateDatabaseAsync("restart");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var repository = new MessageRepository(dataSource, NullLogger<MessageRepository>.Instance);
        var warm = new List<NpgsqlConnection>();
        for (var i = 0; i < 3; i++)
        {
            warm.Add(await dataSource.OpenConnectionAsync());
        }

        foreach (var connection in warm)
        {
            await connection.DisposeAsync(); // back to the pool, soon dead
        }

        await fixture.StopServerAsync();
        await fixture.StartServerAsync();

        var message = TestMessages.Create();
        await repository.StoreAcceptedAsync(message, CancellationToken.None);

        await using var count = dataSource.CreateCommand("SELECT count(*) FROM messages");
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }
}
