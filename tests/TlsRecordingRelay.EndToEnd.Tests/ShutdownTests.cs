using System.Net.Sockets;
using Npgsql;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests;

/// <summary>The real executable under SIGTERM, as systemd or docker stop it.</summary>
[Collection(RelayCollection.Name)]
public sealed class ShutdownTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Sigterm_while_a_client_is_in_data_lets_it_finish_with_250_and_stores_it()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("tlsrelay-sigterm-").FullName;
        await using var relay = await RelayProcess.StartAsync(
        [
            $"--ConnectionStrings:Reports={connectionString}", $"--Storage:DataDirectory={dataDirectory}",
            "--Smtp:Port=0", "--Smtp:ReverseDns=false", "--Relay:AcceptedDomains:0=accepted.test",
        ]);

        await using var wire = await Dialogue.OpenAsync(relay.StartTlsEndPoint!);
        Dialogue.Expect(250, await wire.CommandAsync("MAIL FROM:<sender@client.test>"));
        Dialogue.Expect(250, await wire.CommandAsync("RCPT TO:<someone@accepted.test>"));
        Dialogue.Expect(354, await wire.CommandAsync("DATA"));
        await wire.SendRawAsync("Subject: in flight\r\n\r\nfirst half\r\n");

        relay.Terminate();
        await relay.WaitForAsync(() => relay.Logged("Draining"), TimeSpan.FromSeconds(20), "the drain to start");
        await Assert.ThrowsAnyAsync<SocketException>(async () =>
        {
            using var late = new TcpClient();
            await late.ConnectAsync(relay.StartTlsEndPoint!);
        });

        await wire.SendRawAsync("second half\r\n.\r\n");
        var reply = await wire.ReadReplyAsync();
        Assert.Equal(250, reply.Code);
        var exit = await relay.WaitForExitAsync(TimeSpan.FromSeconds(40));
        Assert.True(exit == 0, $"exit code {exit}:\n{relay.Output}");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM messages WHERE convert_from(content, 'UTF8') LIKE '%second half%'", connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
        Directory.Delete(dataDirectory, recursive: true);
    }
}
