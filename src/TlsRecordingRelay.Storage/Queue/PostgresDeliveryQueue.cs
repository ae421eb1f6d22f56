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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var settled = 0;
        foreach (var update in updates)
        {
            var attempt = update.Attempt;
            RequireUtc(attempt.AttemptedAtUtc);
            RequireUtc(update.NextAttemptAtUtc);
            settled += await connection.ExecuteAsync(new CommandDefinition(QueueSql.Settle, new
            {
                update.Status,
                NextAttemptAt = update.NextAttemptAtUtc,
                Policy = TlsPolicyNames.Name(attempt.Policy),
                AttemptedAt = attempt.AttemptedAtUtc,
                attempt.RecipientId,
                Worker = workerId,
            }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(QueueSql.InsertAttempt, AttemptParameters(workerId, update), transaction, cancellationToken: cancellationToken));
        }

        foreach (var message in notifications)
        {
            RequireUtc(message.CreatedAtUtc);
            await connection.ExecuteAsync(new CommandDefinition(QueueSql.InsertGenerated, new
            {
                message.QueueId,
                SessionId = Guid.NewGuid(),
                message.MessageId,
                CreatedAt = message.CreatedAtUtc,
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

    private static object AttemptParameters(string workerId, RecipientUpdate update)
    {
        var a = update.Attempt;
        return new
        {
            a.RecipientId,
            AttemptedAt = a.AttemptedAtUtc,
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
            Result = update.Status,
            a.Outcome.ReplyCode,
            a.Outcome.EnhancedStatus,
            ReplyText = a.Outcome.Detail,
            a.RemoteQueueId,
            a.Error,
        };
    }

    // Npgsql writes other kinds as timestamp and shifts them silently by the session time zone (LIBRARY-NOTES §5).
    private static void RequireUtc(DateTime value)
    {
        if (value.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException($"Queue times must be DateTimeKind.Utc, not {value.Kind}.", nameof(value));
        }
    }
}
