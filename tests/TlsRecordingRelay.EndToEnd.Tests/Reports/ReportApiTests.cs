using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TlsRecordingRelay.Cli;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests.Reports;

/// <summary><c>GET /api/reports</c>, <c>/healthz</c> and the bearer token on a running relay with real stored data.</summary>
[Collection(RelayCollection.Name)]
public sealed class ReportApiTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_api_answers_the_same_document_as_the_command_by_message_id_and_by_queue_id()
    {
        await using var rig = await DeliveredReport.StartAsync(postgres);
        var queueId = await rig.SendAsync("api@client.test");
        using var http = new HttpClient { BaseAddress = rig.Relay.Http };

        using var byMessageId = await http.GetAsync(new Uri("/api/reports?messageId=" + Uri.EscapeDataString("<api@client.test>"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, byMessageId.StatusCode);
        Assert.Equal("application/json", byMessageId.Content.Headers.ContentType?.MediaType);
        var body = await byMessageId.Content.ReadAsStringAsync();

        using var stdout = new StringWriter();
        Assert.Equal(0, await ReportVerb.RunAsync("api@client.test", json: true, [$"--ConnectionStrings:Reports={rig.Relay.ConnectionString}"], stdout, TextWriter.Null, CancellationToken.None));
        Assert.Equal(stdout.ToString().TrimEnd(), body);

        var byQueueId = await http.GetStringAsync(new Uri("/api/reports?queueId=" + queueId, UriKind.Relative));
        Assert.Equal(body, byQueueId);
        var report = Assert.Single(JsonDocument.Parse(body).RootElement.GetProperty("reports").EnumerateArray());
        Assert.Equal("delivered", report.GetProperty("recipients")[0].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("\"quoted\"@client.test")]
    [InlineData("100%@client.test")]
    [InlineData("x'; drop table messages; --")]
    [InlineData("%00%2F..%2F")]
    [InlineData("a\0b@client.test")]
    [InlineData(null)] // 10 KB of text
    public async Task Hostile_message_ids_get_404_and_leave_the_database_alone(string? id)
    {
        await using var rig = await DeliveredReport.StartAsync(postgres);
        await rig.SendAsync("kept@client.test");
        using var http = new HttpClient { BaseAddress = rig.Relay.Http };
        id ??= new string('a', 10 * 1024);

        using var response = await http.GetAsync(new Uri("/api/reports?messageId=" + Uri.EscapeDataString(id), UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("{\"reports\":[],\"milterReports\":[],\"error\":\"no report for this Message-ID\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await rig.Relay.CountAsync("messages"));
    }

    [Fact]
    public async Task A_request_without_an_id_gets_400()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        using var http = new HttpClient { BaseAddress = relay.Http };

        using var response = await http.GetAsync(new Uri("/api/reports", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task With_a_token_configured_calls_without_it_get_401_and_health_stays_open()
    {
        await using var relay = await TestRelay.StartAsync(postgres, "--Http:ApiToken=s3cret-token");
        using var http = new HttpClient { BaseAddress = relay.Http };
        var reports = new Uri("/api/reports?messageId=x@y.test", UriKind.Relative);

        using (var anonymous = await http.GetAsync(reports))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        }

        using (var wrong = new HttpRequestMessage(HttpMethod.Get, reports) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-tokeN") } })
        using (var response = await http.SendAsync(wrong))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var right = new HttpRequestMessage(HttpMethod.Get, reports) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-token") } })
        using (var response = await http.SendAsync(right))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // authorised; the id is unknown
        }

        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Health_reports_database_and_listeners_up()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        using var http = new HttpClient { BaseAddress = relay.Http };

        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("up", health.GetProperty("database").GetString());
        Assert.Equal("up", health.GetProperty("smtp").GetString());
        Assert.Equal("off", health.GetProperty("milter").GetString());
    }
}
