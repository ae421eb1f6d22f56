namespace TlsRecordingRelay.Storage.Queue;

/// <summary>The queue's statements, explicit columns only (LIBRARY-NOTES §5: LIMIT inside the CTE, <c>= ANY</c> not <c>IN</c>).</summary>
internal static class QueueSql
{
    // FOR UPDATE SKIP LOCKED: concurrent claimers (other workers, other nodes) skip rows another claim
    // holds instead of waiting, so each recipient goes to exactly one lease. The claim commits at once;
    // the lease, not an open transaction, protects the row during the slow SMTP exchange.
    public const string Claim = """
        WITH due AS (
            SELECT id FROM recipients
            WHERE status IN ('queued', 'deferred') AND next_attempt_at <= @Now
            ORDER BY next_attempt_at, id
            LIMIT @Limit
            FOR UPDATE SKIP LOCKED
        )
        UPDATE recipients r
        SET status = 'sending', attempts = r.attempts + 1, locked_by = @Worker, locked_at = @Now,
            lease_expires_at = @LeaseExpiresAt, updated_at = @Now
        FROM due
        WHERE r.id = due.id
        RETURNING r.id AS Id, r.message_ref AS MessageRef, r.address AS Address, r.attempts AS Attempts
        """;

    public const string Messages = """
        SELECT id AS Id, queue_id AS QueueId, message_id AS MessageId, mail_from AS MailFrom,
               received_at AS ReceivedAt, received_header AS ReceivedHeader, content AS Content
        FROM messages WHERE id = ANY(@Ids)
        """;

    // Settles one recipient in one statement and one round trip: its new state and its attempt row. Only the
    // lease holder may settle a row (after a reaper returned it, another worker owns it now), but the attempt is
    // recorded either way: it happened. Data-modifying CTEs run to completion in the statement's one transaction;
    // the result is 1 when the row was still ours.
    // Scalar parameters on purpose: an earlier form took the batch as unnest() arrays, and PostgreSQL re-planned it
    // on every call (its generic plan guesses the arrays' length), which cost more than the round trips it saved.
    public const string Settle = """
        WITH settled AS (
            UPDATE recipients
            SET status = @Status, next_attempt_at = @NextAttemptAt, policy = @Policy, last_attempt_at = @AttemptedAt,
                locked_by = NULL, locked_at = NULL, lease_expires_at = NULL, updated_at = @AttemptedAt
            WHERE id = @RecipientId AND locked_by = @Worker AND status = 'sending'
            RETURNING id
        ), attempt AS (
            INSERT INTO delivery_attempts (recipient_ref, attempted_at, worker, route, host, ip, port, policy,
                starttls_offered, tls_version, tls_version_raw, tls_cipher, tls_bits, certificate_verified,
                certificate_error, tls_error, result, reply_code, enhanced_status, reply_text, remote_queue_id, error)
            VALUES (@RecipientId, @AttemptedAt, @Worker, @Route, @Host, @Ip, @Port, @Policy,
                @StartTlsOffered, @TlsVersion, @TlsVersionRaw, @TlsCipher, @TlsBits, @CertificateVerified,
                @CertificateError, @TlsError, @Status, @ReplyCode, @EnhancedStatus, @ReplyText, @RemoteQueueId, @Error)
        )
        SELECT count(*)::integer FROM settled
        """;

    // A relay-generated message (DSN): no client, so no report row; the recipients' insert fires the NOTIFY.
    public const string InsertGenerated = """
        WITH message AS (
            INSERT INTO messages (queue_id, session_id, message_id, received_at, mail_from, mail_parameters,
                                  size_bytes, received_header, content)
            VALUES (@QueueId, @SessionId, @MessageId, @CreatedAt, @MailFrom, '{}'::jsonb, @SizeBytes, '', @Content)
            RETURNING id
        )
        INSERT INTO recipients (message_ref, address, status, attempts, next_attempt_at, created_at, updated_at)
        SELECT message.id, r.address, 'queued', 0, @CreatedAt, @CreatedAt, @CreatedAt
        FROM message, unnest(@Recipients::text[]) AS r (address)
        """;

    public const string Release = """
        UPDATE recipients
        SET status = 'deferred', next_attempt_at = @Now, locked_by = NULL, locked_at = NULL,
            lease_expires_at = NULL, updated_at = @Now
        WHERE id = ANY(@Ids) AND locked_by = @Worker AND status = 'sending'
        """;

    public const string ReleaseExpired = """
        UPDATE recipients
        SET status = 'deferred', next_attempt_at = @Now, locked_by = NULL, locked_at = NULL,
            lease_expires_at = NULL, updated_at = @Now
        WHERE status = 'sending' AND lease_expires_at < @Now
        """;

    public const string Listen = "LISTEN tlsrelay_delivery";

    // The waiting statuses only: the partial indexes (recipients_due_idx, recipients_lease_idx) hold exactly
    // these rows, so the aggregate does not touch the delivered/bounced history.
    public const string Depth = """
        SELECT status AS Status, count(*) AS Recipients, min(created_at) AS Oldest
        FROM recipients
        WHERE status IN ('queued', 'deferred', 'sending')
        GROUP BY status
        """;
}
