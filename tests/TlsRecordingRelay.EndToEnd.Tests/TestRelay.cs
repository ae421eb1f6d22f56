using System.Net;
using Dapper;
using Npgsql;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests;

/// <summary>An in-process relay on ephemeral loopback ports, on a fresh database, plus read-back helpers.</summary>
public sealed class TestRelay : IAsyncDisposable
{
    public const string AcceptedDomain = "accepted.test";

    private readonly string _dataDirectory;

    private TestRelay(RelayInstance instance, string connectionString, string dataDirectory)
    {
        Instance = instance;
        ConnectionString = connectionString;
        _dataDirectory = dataDirectory;
    }

    public RelayInstance Instance { get; }

    public string ConnectionString { get; }

    public IPEndPoint StartTls => Instance.StartTlsEndPoints[0];

    public IPEndPoint ImplicitTls => Instance.ImplicitTlsEndPoints[0];

    public Uri Http => Instance.HttpAddresses[0];

    public static async Task<TestRelay> StartAsync(PostgresFixture postgres, params string[] extra)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        var connectionString = await postgres.CreateDatabaseAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("tlsrelay-e2e-").FullName;
        string[] args =
        [
            $"--ConnectionStrings:Reports={connectionString}",
            $"--Storage:DataDirectory={dataDirectory}",
            "--Smtp:Hostname=mx.relay.test",
            "--Smtp:Address=127.0.0.1",
            "--Smtp:Port=0",
            "--Http:Urls=http://127.0.0.1:0",
            "--Smtp:ReverseDns=false",
            $"--Relay:AcceptedDomains:0={AcceptedDomain}",
            "--Logging:LogLevel:Default=Warning",
            "--Delivery:Workers=0", // accept-only unless a test delivers: rows stay 'queued' for the assertions
            .. extra,
        ];
        var instance = await RelayInstance.StartAsync(args, CancellationToken.None);
        return new TestRelay(instance, connectionString, dataDirectory);
    }

    public async Task<IReadOnlyList<StoredMessage>> MessagesAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        var rows = await connection.QueryAsync<StoredMessage>(
            """
            SELECT m.queue_id AS QueueId, m.message_id AS MessageId, m.mail_from AS MailFrom, m.received_header AS ReceivedHeader,
                   m.content AS Content, r.with_protocol AS WithProtocol, r.tls::text AS TlsJson, r.client_helo AS ClientHelo,
                   r.authenticated_user AS AuthenticatedUser,
                   (SELECT count(*) FROM recipients x WHERE x.message_ref = m.id AND x.status = 'queued') AS QueuedRecipients
            FROM messages m JOIN reports r ON r.message_ref = m.id ORDER BY m.id
            """);
        return rows.ToList();
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }

    public async ValueTask DisposeAsync()
    {
        await Instance.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp directory
        }
    }
}

/// <summary>A stored message with its report columns, as tests read them back.</summary>
public sealed class StoredMessage
{
    public string QueueId { get; init; } = "";
    public string? MessageId { get; init; }
    public string MailFrom { get; init; } = "";
    public string ReceivedHeader { get; init; } = "";
    public byte[] Content { get; init; } = [];
    public string WithProtocol { get; init; } = "";
    public string? TlsJson { get; init; }
    public string? ClientHelo { get; init; }
    public string? AuthenticatedUser { get; init; }
    public long QueuedRecipients { get; init; }
}
