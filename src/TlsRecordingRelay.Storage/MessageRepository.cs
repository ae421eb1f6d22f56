using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using TlsRecordingRelay.Core.Acceptance;

namespace TlsRecordingRelay.Storage;

/// <summary>Makes an accepted message durable: message, recipients and report rows in one PostgreSQL transaction.</summary>
public sealed class MessageRepository(NpgsqlDataSource dataSource, ILogger<MessageRepository> logger) : IMessageRepository
{
    // One statement, one round trip: the data-modifying CTEs all run in the statement's single transaction,
    // so a failure anywhere (duplicate queue id, a bad recipient, invalid hops JSON) leaves no row in any
    // table, and autocommit has committed (durably, synchronous_commit on) when the command completes.
    private const string InsertSql = """
        WITH message AS (
            INSERT INTO messages (queue_id, session_id, message_id, received_at, mail_from, mail_parameters,
                                  size_bytes, received_header, content)
            VALUES (@QueueId, @SessionId, @MessageId, @ReceivedAt, @MailFrom, @MailParameters::jsonb,
                    @SizeBytes, @ReceivedHeader, @Content)
            RETURNING id
        ), recipient AS (
            INSERT INTO recipients (message_ref, address, status, attempts, next_attempt_at, created_at, updated_at)
            SELECT message.id, r.address, 'queued', 0, @ReceivedAt, @ReceivedAt, @ReceivedAt
            FROM message, unnest(@Recipients::text[]) WITH ORDINALITY AS r (address, position)
            ORDER BY r.position
        )
        INSERT INTO reports (message_ref, client_ip, client_port, client_helo, client_rdns, with_protocol, tls, sni,
                             authenticated_user, upstream_received, verdict, hops)
        SELECT message.id, @ClientIp, @ClientPort, @ClientHelo, @ClientRdns, @WithProtocol, @Tls::jsonb, @Sni,
               @AuthenticatedUser, @UpstreamReceived::jsonb, @Verdict, @Hops::jsonb
        FROM message
        """;

    public async Task StoreAcceptedAsync(AcceptedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Npgsql writes Local/Unspecified kinds as timestamp and shifts them silently (LIBRARY-NOTES §5).
        if (message.ReceivedAtUtc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException(
                $"ReceivedAtUtc must be DateTimeKind.Utc, not {message.ReceivedAtUtc.Kind}.", nameof(message));
        }

        // An envelope names each recipient once (RFC 5321 §3.3 allows repeats); one queue row per address.
        var recipients = message.Recipients.Distinct(StringComparer.Ordinal).ToArray();
        if (recipients.Length == 0)
        {
            throw new ArgumentException("An accepted message needs at least one recipient.", nameof(message));
        }

        var parameters = new
        {
            message.QueueId,
            message.SessionId,
            message.MessageId,
            ReceivedAt = message.ReceivedAtUtc,
            message.MailFrom,
            MailParameters = JsonSerializer.Serialize(message.MailParameters, StorageJsonContext.Default.IReadOnlyDictionaryStringString),
            SizeBytes = message.Content.Length,
            message.ReceivedHeader,
            Content = new ByteaParameter(message.Content),
            Recipients = recipients,
            ClientIp = message.Client.Ip,
            ClientPort = message.Client.Port,
            ClientHelo = message.Client.Helo,
            ClientRdns = message.Client.Rdns,
            message.WithProtocol,
            Tls = message.Tls is null ? null : JsonSerializer.Serialize(message.Tls, StorageJsonContext.Default.TlsDetails),
            message.Sni,
            message.AuthenticatedUser,
            UpstreamReceived = JsonSerializer.Serialize(message.UpstreamReceived, StorageJsonContext.Default.IReadOnlyListString),
            message.Verdict,
            Hops = message.HopsJson,
        };

        try
        {
            await ExecuteAsync(InsertSql, parameters, cancellationToken);
        }
        catch (NpgsqlException e) when (e is not PostgresException && e.IsTransient)
        {
            // After a server restart the first pooled connection is dead (observed: "Exception while writing to
            // stream", then Npgsql drops the pool). Retry once on a fresh connection rather than answer 451. If the
            // connection broke after the server committed, the retry hits the UNIQUE queue_id: that is our row.
            Log.StoreRetried(logger, message.QueueId, e.Message);
            try
            {
                await ExecuteAsync(InsertSql, parameters, cancellationToken);
            }
            catch (PostgresException duplicate) when (duplicate.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                if (!await IsAlreadyStoredAsync(message, cancellationToken))
                {
                    throw;
                }

                // The first attempt did commit.
            }
        }

        Log.MessageStored(logger, message.QueueId, recipients.Length);
    }

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    private async Task<bool> IsAlreadyStoredAsync(AcceptedMessage message, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var sessionId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT session_id FROM messages WHERE queue_id = @QueueId", new { message.QueueId }, cancellationToken: cancellationToken));
        return sessionId == message.SessionId;
    }
}
