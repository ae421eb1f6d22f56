using Dapper;
using Npgsql;
using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Storage.Queue;

/// <summary>Queue depth and age from <c>recipients</c>: one aggregate over the rows the due and lease indexes cover.</summary>
public sealed class PostgresQueueStatistics(NpgsqlDataSource dataSource) : IQueueStatistics
{
    public async Task<IReadOnlyList<QueueDepth>> ReadDepthAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<QueueDepthRow>(new CommandDefinition(QueueSql.Depth, cancellationToken: cancellationToken));
        // Npgsql reads timestamptz as UTC already; the Kind is set so no caller has to trust that.
        return [.. rows.Select(r => new QueueDepth(r.Status, r.Recipients, DateTime.SpecifyKind(r.Oldest, DateTimeKind.Utc)))];
    }
}
