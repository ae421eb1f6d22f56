using System.Text.Json;
using TlsRecordingRelay.Cli;
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
        await SeedMilterReport.StoreAsync(connectionString);

        string[] args = [$"--ConnectionStrings:Reports={connectionString}"];
        using (var stdout = new StringWriter())
        {
            Assert.Equal(0, await ReportVerb.RunAsync("<" + SeedMilterReport.MessageId + ">", json: true, args, stdout, TextWriter.Null, CancellationToken.None));
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
            Assert.Equal(0, await ReportVerb.RunAsync(SeedMilterReport.MtaQueueId, json: false, args, stdout, TextWriter.Null, CancellationToken.None));
            var text = stdout.ToString();
            Assert.Contains("seen by the milter", text, StringComparison.Ordinal);
            Assert.Contains("verdict: plaintext", text, StringComparison.Ordinal);
            Assert.Contains("we answered accept", text, StringComparison.Ordinal);
        }
    }
}
