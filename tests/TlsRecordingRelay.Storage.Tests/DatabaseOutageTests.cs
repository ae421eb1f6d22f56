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
}
