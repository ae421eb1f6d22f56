using Npgsql;
using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Core.Milter;
using TlsRecordingRelay.Core.Tls;
using TlsRecordingRelay.Storage.Milter;

namespace TlsRecordingRelay.EndToEnd.Tests.Reports;

/// <summary>A milter report of the seed chain (an MTA accepted it over TLS 1.3), stored through the real repository.</summary>
internal static class SeedMilterReport
{
    public const string MessageId = "milter-seen@client.test";

    public const string MtaQueueId = "4XyZ12AbC";

    public static async Task StoreAsync(string connectionString)
    {
        var analysis = HopAnalyzer.Default.Analyze(SeedMessage.Chain);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new MilterReportRepository(dataSource).StoreAsync(new MilterReport
        {
            SessionId = Guid.NewGuid(),
            MtaQueueId = MtaQueueId,
            MtaHostname = "mx.site.test",
            DaemonName = "smtpd",
            MessageId = MessageId,
            ReceivedAtUtc = DateTime.UtcNow,
            MailFrom = "sender@client.test",
            Recipients = ["user@site.test"],
            Client = new InboundClient("192.0.2.10", 40000, "client.test", null),
            WithProtocol = "ESMTPS",
            Tls = new TlsDetails("TLSv1.3", "TLSv1.3", "TLS_AES_256_GCM_SHA384", 256, null),
            ClientCertificateSubject = null,
            ClientCertificateIssuer = null,
            AuthenticatedUser = null,
            MtaReceived = "from client.test by mx.site.test",
            UpstreamReceived = [],
            Verdict = analysis.Verdict,
            HopsJson = HopJson.SerializeHops(analysis.Hops),
            Action = "accept",
            AddedHeader = "plaintext; 6 hops",
        }, CancellationToken.None);
    }
}
