using Dapper;
using Npgsql;
using TlsRecordingRelay.Milter.Tests.Storage;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.Milter.Tests.Server;

/// <summary><c>tlsrelay run</c> as composed by RelayHost: SMTP, the milter, or both.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CompositionTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_milter_only_relay_serves_the_milter_stores_reports_and_opens_no_smtp_port()
    {
        var connectionString = await postgres.CreateDatabaseAsync("milter_host");
        await using var relay = await RelayInstance.StartAsync(
            [$"--ConnectionStrings:Reports={connectionString}", "--Http:Urls=http://127.0.0.1:0", "--Smtp:Enabled=false", "--Milter:Enabled=true", "--Milter:Listen=inet:127.0.0.1:0"],
            CancellationToken.None);
        Assert.Empty(relay.StartTlsEndPoints);
        Assert.NotNull(relay.MilterEndPoint);

        await using (var mta = await MtaClient.ConnectAsync(relay.MilterEndPoint!))
        {
            await mta.NegotiateAsync();
            await mta.SendAsync([.. Conversation.Session(), .. Conversation.Message("HOSTQ1", "host@example.net", "b@example.org", [])]);
            Assert.Equal('c', (await mta.ReadUntilFinalAsync()).Last().Code);
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal("HOSTQ1", await connection.ExecuteScalarAsync<string>("SELECT mta_queue_id FROM milter_reports WHERE message_id = 'host@example.net'"));
    }

    [Fact]
    public async Task A_relay_serving_both_listens_for_smtp_and_the_milter()
    {
        var connectionString = await postgres.CreateDatabaseAsync("milter_host");
        await using var relay = await RelayInstance.StartAsync(
            [$"--ConnectionStrings:Reports={connectionString}", "--Http:Urls=http://127.0.0.1:0", "--Smtp:Port=0", "--Milter:Enabled=true", "--Milter:Listen=inet:127.0.0.1:0"],
            CancellationToken.None);
        Assert.NotEmpty(relay.StartTlsEndPoints);
        Assert.NotNull(relay.MilterEndPoint);
    }

    [Fact]
    public async Task A_bad_milter_listen_address_stops_the_start()
    {
        var connectionString = await postgres.CreateDatabaseAsync("milter_host");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RelayInstance.StartAsync(
            [$"--ConnectionStrings:Reports={connectionString}", "--Http:Urls=http://127.0.0.1:0", "--Smtp:Enabled=false", "--Milter:Enabled=true", "--Milter:Listen=inet:mx.example:25"],
            CancellationToken.None));
        Assert.Contains("Milter:Listen", error.Message, StringComparison.Ordinal);
    }
}
