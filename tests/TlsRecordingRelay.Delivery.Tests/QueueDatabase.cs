using System.Text;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.Storage;

namespace TlsRecordingRelay.Delivery.Tests;

/// <summary>Puts mail into a test database the way the listener does, and reads the delivery state back.</summary>
internal sealed class QueueDatabase(string connectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { GssEncryptionMode = GssEncryptionMode.Disable } }.Build();

    public string ConnectionString => connectionString;

    public async Task<string> AcceptAsync(string mailFrom, IReadOnlyList<string> recipients, byte[]? content = null, DateTime? receivedAtUtc = null)
    {
        var queueId = QueueId.New(DateTime.UtcNow);
        await new MessageRepository(_dataSource, NullLogger<MessageRepository>.Instance).StoreAcceptedAsync(new AcceptedMessage
        {
            QueueId = queueId,
            SessionId = Guid.NewGuid(),
            MessageId = queueId + "@sender.test",
            ReceivedAtUtc = receivedAtUtc ?? DateTime.UtcNow,
            MailFrom = mailFrom,
            MailParameters = new Dictionary<string, string>(),
            Recipients = recipients,
            Client = new InboundClient("127.0.0.1", 40000, "client.test", null),
            WithProtocol = "ESMTPS",
            Tls = null,
            Sni = null,
            AuthenticatedUser = null,
            ReceivedHeader = TestMessages.ReceivedHeader,
            Content = content ?? TestMessages.Simple(),
            UpstreamReceived = [],
        }, CancellationToken.None);
        return queueId;
    }

    public async Task<IReadOnlyDictionary<string, string>> StatusesAsync(string queueId)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string Address, string Status)>(
            "SELECT r.address, r.status FROM recipients r JOIN messages m ON m.id = r.message_ref WHERE m.queue_id = @queueId", new { queueId });
        return rows.ToDictionary(r => r.Address, r => r.Status);
    }

    public async Task<long> ScalarAsync(string sql, object? parameters = null)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<T>(sql, parameters)];
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
