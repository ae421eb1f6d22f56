using System.Text.Json;
using Npgsql;
using TlsRecordingRelay.Cli;
using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Core.Milter;
using TlsRecordingRelay.Core.Tls;
using TlsRecordingRelay.Storage.Milter;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests.Reports;

/// <summary>Sites that run us as a milter ask the same question: <c>report</c> finds milter reports by Message-ID and MTA queue id.</summary>
[Collection(RelayCollection.Name)]
public sealed class MilterReportCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Report_shows_a_milter_report_by_message_id_and_by_the_mta_queue_id()
    {
        var connectionString = await postgres.CreateDatabaseAsync("milter_report");
        var analysis = HopAnalyzer.Default.Analyze(SeedMessage.Chain);
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await new MilterReportRepository(dataSource).StoreAsync(new MilterReport
            {
                SessionId = Guid.NewGuid(),
                MtaQueueId = "4XyZ12AbC",
                MtaHostname = "mx.site.test",
                DaemonName = "smtpd",
                MessageId = "milter-seen@client.test",
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

        string[] args = [$"--ConnectionStrings:Reports={connectionString}"];
        using (var stdout = new StringWriter())
        {
            Assert.Equal(0, await ReportVerb.RunAsync("<milter-seen@client.test>", json: true, args, stdout, TextWriter.Null, CancellationToken.None));
            var root = JsonDocument.Parse(stdout.ToString()).RootElement;
            Assert.Equal(0, root.GetProperty("reports").GetArrayLength());
            var report = Assert.Single(root.GetProperty("milterReports").EnumerateArray());
            Assert.Equal("4XyZ12AbC", report.GetProperty("mtaQueueId").GetString());
            Assert.Equal("plaintext", report.GetProperty("verdict").GetString());
            Assert.Equal("TLSv1.3", report.GetProperty("inbound").GetProperty("tls").GetProperty("version").GetString());
            Assert.Equal(6, report.GetProperty("hops").GetArrayLength());
            Assert.Equal("accept", report.GetProperty("action").GetString());
            Assert.Equal(["user@site.test"], report.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()));
        }

        using (var stdout = new StringWriter())
        {
            Assert.Equal(0, await ReportVerb.RunAsync("4XyZ12AbC", json: false, args, stdout, TextWriter.Null, CancellationToken.None));
            var text = stdout.ToString();
            Assert.Contains("seen by the milter", text, StringComparison.Ordinal);
            Assert.Contains("verdict: plaintext", text, StringComparison.Ordinal);
            Assert.Contains("we answered accept", text, StringComparison.Ordinal);
        }
    }
}
