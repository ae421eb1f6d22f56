using System.Text.Json;
using Dapper;
using Npgsql;
using TlsRecordingRelay.Core.Milter;

namespace TlsRecordingRelay.Storage.Milter;

/// <summary>Stores milter reports in <c>milter_reports</c> (sql/0003_milter.sql), one autocommitted row each.</summary>
public sealed class MilterReportRepository(NpgsqlDataSource dataSource) : IMilterReportRepository
{
    private const string InsertSql = """
        INSERT INTO milter_reports (session_id, mta_queue_id, mta_hostname, daemon_name, message_id, received_at, mail_from,
                                    recipients, client_ip, client_port, client_helo, client_rdns, with_protocol, tls,
                                    client_cert_subject, client_cert_issuer, authenticated_user, mta_received,
                                    upstream_received, verdict, hops, action, added_header)
        VALUES (@SessionId, @MtaQueueId, @MtaHostname, @DaemonName, @MessageId, @ReceivedAt, @MailFrom,
                @Recipients::jsonb, @ClientIp, @ClientPort, @ClientHelo, @ClientRdns, @WithProtocol, @Tls::jsonb,
                @ClientCertificateSubject, @ClientCertificateIssuer, @AuthenticatedUser, @MtaReceived,
                @UpstreamReceived::jsonb, @Verdict, @Hops::jsonb, @Action, @AddedHeader)
        """;

    public async Task StoreAsync(MilterReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        // Npgsql writes Local/Unspecified kinds as timestamp and shifts them silently.
        if (report.ReceivedAtUtc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException($"ReceivedAtUtc must be DateTimeKind.Utc, not {report.ReceivedAtUtc.Kind}.", nameof(report));
        }

        var parameters = new
        {
            report.SessionId,
            report.MtaQueueId,
            report.MtaHostname,
            report.DaemonName,
            report.MessageId,
            ReceivedAt = report.ReceivedAtUtc,
            report.MailFrom,
            Recipients = JsonSerializer.Serialize(report.Recipients, StorageJsonContext.Default.IReadOnlyListString),
            ClientIp = report.Client.Ip,
            ClientPort = report.Client.Port,
            ClientHelo = report.Client.Helo,
            ClientRdns = report.Client.Rdns,
            report.WithProtocol,
            Tls = report.Tls is null ? null : JsonSerializer.Serialize(report.Tls, StorageJsonContext.Default.TlsDetails),
            report.ClientCertificateSubject,
            report.ClientCertificateIssuer,
            report.AuthenticatedUser,
            report.MtaReceived,
            UpstreamReceived = JsonSerializer.Serialize(report.UpstreamReceived, StorageJsonContext.Default.IReadOnlyListString),
            report.Verdict,
            Hops = report.HopsJson,
            report.Action,
            report.AddedHeader,
        };

        // A pooled connection killed by a server restart fails once with a transient error; one retry on a
        // fresh connection (Npgsql has dropped the broken pool) keeps mail flowing. A duplicate row is harmless
        // here (no uniqueness: it is a report, not a queue entry), so the retry needs no duplicate check.
        try
        {
            await ExecuteAsync(parameters, cancellationToken);
        }
        catch (NpgsqlException e) when (e is not PostgresException && e.IsTransient)
        {
            await ExecuteAsync(parameters, cancellationToken);
        }
    }

    private async Task ExecuteAsync(object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, parameters, cancellationToken: cancellationToken));
    }
}
