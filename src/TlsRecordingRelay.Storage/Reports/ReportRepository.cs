using System.Text.Json;
using Dapper;
using Npgsql;
using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.Core.Milter;
using TlsRecordingRelay.Core.Reports;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Storage.Reports;

/// <summary>Reads delivery reports: message, report row, recipients and each recipient's last attempt, in two queries.</summary>
public sealed class ReportRepository(NpgsqlDataSource dataSource) : IReportReader
{
    /// <summary>More messages than this under one Message-ID is a loop or an attack; the newest are shown.</summary>
    public const int MaxReports = 100;

    private const string MessagesSql = """
        SELECT m.id AS Id, m.queue_id AS QueueId, m.message_id AS MessageId, m.received_at AS ReceivedAt,
               m.mail_from AS MailFrom, m.size_bytes AS SizeBytes,
               r.client_ip AS ClientIp, r.client_port AS ClientPort, r.client_helo AS ClientHelo, r.client_rdns AS ClientRdns,
               r.with_protocol AS WithProtocol, r.tls::text AS TlsJson, r.sni AS Sni, r.authenticated_user AS AuthenticatedUser,
               r.verdict AS Verdict, r.hops::text AS HopsJson
        FROM messages m JOIN reports r ON r.message_ref = m.id
        """;

    // DISTINCT ON keeps each recipient's newest attempt (ties on the timestamp broken by insertion order).
    private const string RecipientsSql = """
        SELECT rc.id AS Id, rc.message_ref AS MessageRef, rc.address AS Address, rc.status AS Status, rc.policy AS Policy,
               rc.attempts AS Attempts, rc.next_attempt_at AS NextAttemptAt,
               a.attempted_at AS AttemptedAt, a.route AS Route, a.host AS Host, a.ip AS Ip, a.port AS Port,
               a.policy AS AttemptPolicy, a.starttls_offered AS StartTlsOffered, a.tls_version AS TlsVersion,
               a.tls_version_raw AS TlsVersionRaw, a.tls_cipher AS TlsCipher, a.tls_bits AS TlsBits,
               a.certificate_verified AS CertificateVerified, a.certificate_error AS CertificateError, a.tls_error AS TlsError,
               a.result AS Result, a.reply_code AS ReplyCode, a.enhanced_status AS EnhancedStatus, a.reply_text AS ReplyText,
               a.remote_queue_id AS RemoteQueueId, a.error AS Error
        FROM recipients rc
        LEFT JOIN LATERAL (
            SELECT * FROM delivery_attempts d WHERE d.recipient_ref = rc.id ORDER BY d.attempted_at DESC, d.id DESC LIMIT 1
        ) a ON true
        WHERE rc.message_ref = ANY(@Ids)
        ORDER BY rc.message_ref, rc.id
        """;

    private const string MilterSql = """
        SELECT session_id AS SessionId, mta_queue_id AS MtaQueueId, mta_hostname AS MtaHostname, daemon_name AS DaemonName,
               message_id AS MessageId, received_at AS ReceivedAt, mail_from AS MailFrom, recipients::text AS RecipientsJson,
               client_ip AS ClientIp, client_port AS ClientPort, client_helo AS ClientHelo, client_rdns AS ClientRdns,
               with_protocol AS WithProtocol, tls::text AS TlsJson, client_cert_subject AS ClientCertificateSubject,
               client_cert_issuer AS ClientCertificateIssuer, authenticated_user AS AuthenticatedUser, mta_received AS MtaReceived,
               upstream_received::text AS UpstreamJson, verdict AS Verdict, hops::text AS HopsJson, action AS Action,
               added_header AS AddedHeader
        FROM milter_reports
        WHERE message_id = @MessageId OR mta_queue_id = @QueueId
        ORDER BY received_at DESC, id DESC
        LIMIT 100
        """;

    public Task<IReadOnlyList<DeliveryReport>> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        return FindAsync(
            MessagesSql + " WHERE m.message_id = @Key ORDER BY m.received_at DESC, m.id DESC LIMIT " + MaxReports,
            HeaderBlock.NormalizeMessageId(messageId),
            cancellationToken);
    }

    public Task<IReadOnlyList<DeliveryReport>> FindByQueueIdAsync(string queueId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queueId);
        return FindAsync(MessagesSql + " WHERE m.queue_id = @Key", queueId.Trim(), cancellationToken);
    }

    private async Task<IReadOnlyList<DeliveryReport>> FindAsync(string sql, string? key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key) || HasNul(key))
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // The key is always a parameter: user text never becomes SQL.
        var messages = (await connection.QueryAsync<ReportMessageRow>(new CommandDefinition(sql, new { Key = key }, cancellationToken: cancellationToken))).ToList();
        if (messages.Count == 0)
        {
            return [];
        }

        var recipients = (await connection.QueryAsync<ReportRecipientRow>(new CommandDefinition(
                RecipientsSql, new { Ids = messages.Select(m => m.Id).ToArray() }, cancellationToken: cancellationToken)))
            .ToLookup(r => r.MessageRef);
        return messages.Select(m => ToReport(m, recipients[m.Id])).ToList();
    }

    public async Task<IReadOnlyList<MilterReport>> FindMilterReportsAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var messageId = HeaderBlock.NormalizeMessageId(id);
        if (messageId is null || HasNul(id))
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReportMilterRow>(new CommandDefinition(
            MilterSql, new { MessageId = messageId, QueueId = id.Trim() }, cancellationToken: cancellationToken));
        return rows.Select(ToMilterReport).ToList();
    }

    /// <summary>PostgreSQL text cannot hold NUL (the server rejects the parameter), so no stored id contains one.</summary>
    private static bool HasNul(string id) => id.Contains('\0', StringComparison.Ordinal);

    private static MilterReport ToMilterReport(ReportMilterRow row) => new()
    {
        SessionId = row.SessionId,
        MtaQueueId = row.MtaQueueId,
        MtaHostname = row.MtaHostname,
        DaemonName = row.DaemonName,
        MessageId = row.MessageId,
        ReceivedAtUtc = row.ReceivedAtUtc(),
        MailFrom = row.MailFrom,
        Recipients = JsonSerializer.Deserialize(row.RecipientsJson, StorageJsonContext.Default.IReadOnlyListString) ?? [],
        Client = row.ToClient(),
        WithProtocol = row.WithProtocol,
        Tls = row.ReadTls(),
        ClientCertificateSubject = row.ClientCertificateSubject,
        ClientCertificateIssuer = row.ClientCertificateIssuer,
        AuthenticatedUser = row.AuthenticatedUser,
        MtaReceived = row.MtaReceived,
        UpstreamReceived = JsonSerializer.Deserialize(row.UpstreamJson, StorageJsonContext.Default.IReadOnlyListString) ?? [],
        Verdict = row.Verdict,
        HopsJson = row.HopsJson,
        Action = row.Action,
        AddedHeader = row.AddedHeader,
    };

    private static DeliveryReport ToReport(ReportMessageRow row, IEnumerable<ReportRecipientRow> recipients) => new()
    {
        QueueId = row.QueueId,
        MessageId = row.MessageId,
        ReceivedAtUtc = row.ReceivedAtUtc(),
        MailFrom = row.MailFrom,
        SizeBytes = row.SizeBytes,
        Client = row.ToClient(),
        WithProtocol = row.WithProtocol,
        Tls = row.ReadTls(),
        Sni = row.Sni,
        AuthenticatedUser = row.AuthenticatedUser,
        Verdict = row.Verdict,
        HopsJson = row.HopsJson ?? "[]",
        Hops = ReportHopReader.Read(row.HopsJson),
        Recipients = recipients.Select(ToRecipient).ToList(),
    };

    private static RecipientReport ToRecipient(ReportRecipientRow row) => new(
        row.Address,
        row.Status,
        row.Policy,
        row.Attempts,
        DateTime.SpecifyKind(row.NextAttemptAt, DateTimeKind.Utc),
        row.AttemptedAt is not { } at ? null : new AttemptReport
        {
            AtUtc = DateTime.SpecifyKind(at, DateTimeKind.Utc),
            Route = row.Route ?? string.Empty,
            Host = row.Host,
            Ip = row.Ip,
            Port = row.Port,
            Policy = row.AttemptPolicy ?? string.Empty,
            StartTlsOffered = row.StartTlsOffered,
            Tls = row.TlsVersion is null && row.TlsCipher is null
                ? null
                : new TlsDetails(row.TlsVersion, row.TlsVersionRaw, row.TlsCipher, row.TlsBits, Verify: null),
            CertificateVerified = row.CertificateVerified,
            CertificateError = row.CertificateError,
            TlsError = row.TlsError,
            Result = row.Result ?? string.Empty,
            ReplyCode = row.ReplyCode,
            EnhancedStatus = row.EnhancedStatus,
            ReplyText = row.ReplyText,
            RemoteQueueId = row.RemoteQueueId,
            Error = row.Error,
        });
}
