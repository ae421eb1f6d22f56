using Dapper;
using Npgsql;
using TlsRecordingRelay.Core.Dashboard;

namespace TlsRecordingRelay.Storage.Dashboard;

/// <summary>
/// The dashboard's aggregates in two queries over the window's messages (indexes: messages.received_at,
/// recipients.message_ref, delivery_attempts(recipient_ref, attempted_at), milter_reports.received_at).
/// Sending hosts are counted in SQL and rolled up to organisations here, with Core's Public Suffix List.
/// </summary>
public sealed class EncryptionDashboardRepository(NpgsqlDataSource dataSource) : IEncryptionDashboardReader
{
    /// <summary>The busiest recipient domains shown; the rest of a long tail is left out.</summary>
    public const int MaxDomains = 200;

    /// <summary>Distinct sending hosts read before the roll-up (an MX sees many); the least busy beyond this are left out.</summary>
    public const int MaxSendingHosts = 20_000;

    // The domain is the text after the last '@' (split_part, not a regex: a third of the query's CPU at 400 000 recipients).
    // Delivered recipients are judged by their delivering attempt; deferrals count every 4.7.x attempt
    // (RFC 3463 §3.8: 4.7.x is a security or policy status; ours are TLS-required refusals, SessionOpener).
    private const string RecipientDomainsSql = """
        WITH rc AS (
            SELECT rc.id, rc.message_ref, rc.status, lower(split_part(rc.address, '@', -1)) AS domain
            FROM messages m JOIN recipients rc ON rc.message_ref = m.id
            WHERE m.received_at >= now() - make_interval(days => @Days)
        ),
        delivering AS (
            SELECT DISTINCT ON (a.recipient_ref) a.recipient_ref, a.tls_version, a.certificate_verified,
                   (a.tls_version IS NOT NULL OR a.tls_cipher IS NOT NULL) AS tls
            FROM delivery_attempts a JOIN rc ON rc.id = a.recipient_ref
            WHERE a.result = 'delivered'
            ORDER BY a.recipient_ref, a.attempted_at DESC, a.id DESC
        ),
        deferrals AS (
            SELECT a.recipient_ref, count(*) AS n
            FROM delivery_attempts a JOIN rc ON rc.id = a.recipient_ref
            WHERE a.result = 'deferred' AND a.enhanced_status LIKE '4.7.%'
            GROUP BY a.recipient_ref
        )
        SELECT coalesce(rc.domain, '') AS Domain,
               count(DISTINCT rc.message_ref)::int AS Messages,
               count(*)::int AS Recipients,
               count(*) FILTER (WHERE rc.status = 'delivered')::int AS Delivered,
               count(*) FILTER (WHERE rc.status = 'bounced')::int AS Bounced,
               count(*) FILTER (WHERE rc.status = 'delivered' AND d.tls)::int AS DeliveredWithTls,
               count(*) FILTER (WHERE rc.status = 'delivered' AND d.tls AND d.certificate_verified)::int AS Verified,
               coalesce(sum(f.n), 0)::int AS TlsPolicyDeferrals,
               count(*) FILTER (WHERE rc.status = 'delivered' AND d.tls AND d.tls_version = 'TLSv1.3')::int AS Tls13,
               count(*) FILTER (WHERE rc.status = 'delivered' AND d.tls AND d.tls_version = 'TLSv1.2')::int AS Tls12,
               count(*) FILTER (WHERE rc.status = 'delivered' AND d.tls AND d.tls_version IN ('TLSv1.1', 'TLSv1.0', 'SSLv3'))::int AS TlsOlder,
               count(*) FILTER (WHERE rc.status = 'delivered' AND d.tls
                                AND coalesce(d.tls_version, '') NOT IN ('TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1.0', 'SSLv3'))::int AS TlsUnnamed
        FROM rc
        LEFT JOIN delivering d ON d.recipient_ref = rc.id
        LEFT JOIN deferrals f ON f.recipient_ref = rc.id
        GROUP BY 1
        ORDER BY Messages DESC, Domain
        LIMIT @Limit
        """;

    // Messages we accepted and messages an MTA showed us through the milter: both have a hop into "us".
    private const string SendingHostsSql = """
        WITH inbound AS (
            SELECT r.client_rdns AS rdns, r.client_helo AS helo, r.client_ip AS ip, r.verdict,
                   coalesce(jsonb_typeof(r.tls) = 'object', false) AS tls, r.tls->>'version' AS version
            FROM messages m JOIN reports r ON r.message_ref = m.id
            WHERE m.received_at >= now() - make_interval(days => @Days)
            UNION ALL
            SELECT client_rdns, client_helo, client_ip, verdict,
                   coalesce(jsonb_typeof(tls) = 'object', false), tls->>'version'
            FROM milter_reports
            WHERE received_at >= now() - make_interval(days => @Days)
        )
        SELECT rdns AS Rdns, helo AS Helo, ip AS Ip,
               count(*)::int AS Messages,
               count(*) FILTER (WHERE tls AND verdict = 'encrypted')::int AS TlsChainEncrypted,
               count(*) FILTER (WHERE tls AND verdict IS DISTINCT FROM 'encrypted' AND verdict IS DISTINCT FROM 'plaintext')::int AS TlsChainUnknown,
               count(*) FILTER (WHERE tls AND verdict = 'plaintext')::int AS TlsChainPlaintext,
               count(*) FILTER (WHERE NOT tls)::int AS Plaintext,
               count(*) FILTER (WHERE tls AND version = 'TLSv1.3')::int AS Tls13,
               count(*) FILTER (WHERE tls AND version = 'TLSv1.2')::int AS Tls12,
               count(*) FILTER (WHERE tls AND version IN ('TLSv1.1', 'TLSv1.0', 'SSLv3'))::int AS TlsOlder,
               count(*) FILTER (WHERE tls AND coalesce(version, '') NOT IN ('TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1.0', 'SSLv3'))::int AS TlsUnnamed
        FROM inbound
        GROUP BY rdns, helo, ip
        ORDER BY Messages DESC
        LIMIT @Limit
        """;

    public async Task<EncryptionDashboard> ReadAsync(int days, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, 3660);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var domains = await connection.QueryAsync<RecipientDomainRow>(new CommandDefinition(
            RecipientDomainsSql, new { Days = days, Limit = MaxDomains }, cancellationToken: cancellationToken));
        var hosts = await connection.QueryAsync<SendingHostRow>(new CommandDefinition(
            SendingHostsSql, new { Days = days, Limit = MaxSendingHosts }, cancellationToken: cancellationToken));
        return new EncryptionDashboard(days, [.. domains.Select(ToStats)], SendingOrganisation.RollUp(hosts.Select(ToStats)));
    }

    private static RecipientDomainStats ToStats(RecipientDomainRow row) => new(
        row.Domain,
        row.Messages,
        row.Recipients,
        row.Delivered,
        row.Bounced,
        row.DeliveredWithTls,
        row.Verified,
        row.TlsPolicyDeferrals,
        new TlsVersionCounts(row.Tls13, row.Tls12, row.TlsOlder, row.TlsUnnamed));

    private static SendingOrganisationStats ToStats(SendingHostRow row) => new(
        SendingOrganisation.Of(row.Rdns, row.Helo, row.Ip),
        row.Messages,
        row.TlsChainEncrypted,
        row.TlsChainUnknown,
        row.TlsChainPlaintext,
        row.Plaintext,
        new TlsVersionCounts(row.Tls13, row.Tls12, row.TlsOlder, row.TlsUnnamed));
}
