using Dapper;
using Npgsql;
using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Storage.Queue;

/// <summary>The delivery queue on the <c>recipients</c> table: SKIP LOCKED claims with leases, settled with their attempt rows.</summary>
public sealed class PostgresDeliveryQueue(NpgsqlDataSource dataSource, QueueNotifications notifications) : IDeliveryQueue
{
    public async Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(string workerId, int maxRecipients, DateTime nowUtc, TimeSpan lease, CancellationToken cancellationToken)
    {
        RequireUtc(nowUtc);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var recipients = (await connection.QueryAsync<ClaimedRecipientRow>(new CommandDefinition(QueueSql.Claim,
            new { Now = nowUtc, Limit = maxRecipients, Worker = workerId, LeaseExpiresAt = nowUtc + lease },
            cancellationToken: cancellationToken))).ToList();
        if (recipients.Count == 0)
        {
            return [];
        }

        var ids = recipients.Select(r => r.MessageRef).Distinct().ToArray();
        var messages = await connection.QueryAsync<ClaimedMessageRow>(new CommandDefinition(QueueSql.Messages, new { Ids = ids }, cancellationToken: cancellationToken));
        var byMessage = recipients.ToLookup(r => r.MessageRef);
        return [.. messages.Select(m => new ClaimedMessage
        {
            Id = m.Id,
            QueueId = m.QueueId,
            MessageId = m.MessageId,
            MailFrom = m.MailFrom,
            ReceivedAtUtc = DateTime.SpecifyKind(m.ReceivedAt, DateTimeKind.Utc),
            ReceivedHeader = m.ReceivedHeader,
            Content = m.Content,
            Recipients = [.. byMessage[m.Id].OrderBy(r => r.Id).Select(r => new ClaimedRecipient(r.Id, r.Address, r.Attempts))],
        })];
    }

    public async Task<int> CompleteAsync(string workerId, IReadOnlyList<RecipientUpdate> updates, IReadOnlyList<OutgoingMessage> notifications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(notifications);
        // Validated before anything is sent: a bad time writes nothing.
        var parameters = updates.Select(u => SettleParameters(workerId, u)).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (parameters.Count == 1 && notifications.Count == 0)
        {
            // The common case (a message to one recipient): one statement, one round trip, committed on its own.
            return await connection.ExecuteScalarAsync<int>(new CommandDefinition(QueueSql.Settle, parameters[0], cancellationToken: cancellationToken));
        }

        // Several recipients, or a DSN with the bounces it reports: all of it or none.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var settled = 0;
        foreach (var p in parameters)
        {
            settled += await connection.ExecuteScalarAsync<int>(new CommandDefinition(QueueSql.Settle, p, transaction, cancellationToken: cancellationToken));
        }

        foreach (var message in notifications)
        {
            await connection.ExecuteAsync(new CommandDefinition(QueueSql.InsertGenerated, new
            {
                message.QueueId,
                SessionId = Guid.NewGuid(),
                message.MessageId,
                CreatedAt = RequireUtc(message.CreatedAtUtc),
                message.MailFrom,
                SizeBytes = message.Content.Length,
                Content = message.Content.ToArray(),
                Recipients = message.Recipients.ToArray(),
            }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return settled;
    }

    public async Task<int> ReleaseAsync(string workerId, IReadOnlyList<long> recipientIds, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipientIds);
        RequireUtc(nowUtc);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(QueueSql.Release,
            new { Ids = recipientIds.ToArray(), Worker = workerId, Now = nowUtc }, cancellationToken: cancellationToken));
    }

    public async Task<int> ReleaseExpiredLeasesAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        RequireUtc(nowUtc);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(QueueSql.ReleaseExpired, new { Now = nowUtc }, cancellationToken: cancellationToken));
    }

    public Task WaitForNewWorkAsync(CancellationToken cancellationToken) => notifications.NextAsync(cancellationToken);

    private static object SettleParameters(string workerId, RecipientUpdate update)
    {
        var a = update.Attempt;
        return new
        {
            a.RecipientId,
            update.Status,
            NextAttemptAt = RequireUtc(update.NextAttemptAtUtc),
            AttemptedAt = RequireUtc(a.AttemptedAtUtc),
            Worker = workerId,
            a.Route,
            a.Host,
            a.Ip,
            a.Port,
            Policy = TlsPolicyNames.Name(a.Policy),
            a.StartTlsOffered,
            TlsVersion = a.Tls?.Version,
            TlsVersionRaw = a.Tls?.VersionRaw,
            TlsCipher = a.Tls?.Cipher,
            TlsBits = a.Tls?.Bits,
            a.CertificateVerified,
            a.CertificateError,
            a.TlsError,
            a.Outcome.ReplyCode,
            a.Outcome.EnhancedStatus,
            ReplyText = a.Outcome.Detail,
            a.RemoteQueueId,
            a.Error,
        };
    }

    // Npgsql writes other kinds as timestamp and shifts them silently by the session time zone (LIBRARY-NOTES §5).
    private static DateTime RequireUtc(DateTime value) => value.Kind == DateTimeKind.Utc
        ? value
        : throw new ArgumentException($"Queue times must be DateTimeKind.Utc, not {value.Kind}.", nameof(value));
}
