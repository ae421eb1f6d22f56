using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests;

/// <summary>Its own PostgreSQL server, since the test stops it.</summary>
public sealed class DatabaseOutageTests : IClassFixture<PostgresFixture>
{
    private readonly PostgresFixture _postgres;

    public DatabaseOutageTests(PostgresFixture postgres) => _postgres = postgres;

    [SkippableFact]
    public async Task A_database_outage_answers_451_stores_nothing_and_recovers()
    {
        Skip.If(_postgres.Source != "cluster", "needs a server this test may stop");
        await using var relay = await TestRelay.StartAsync(_postgres);
        await using var wire = await Dialogue.OpenAsync(relay.StartTls);
        Dialogue.Expect(250, await Dialogue.SendAsync(wire, "Subject: before\r\n\r\nx\r\n.\r\n"));

        await _postgres.StopServerAsync();
        var during = await Dialogue.SendAsync(wire, "Subject: during\r\n\r\nx\r\n.\r\n");
        Assert.Equal(451, during.Code);
        Assert.StartsWith("451 4.3.0", during.Lines[0], StringComparison.Ordinal);
        Dialogue.Expect(250, await wire.CommandAsync("RSET")); // the session is still usable: the client may retry

        await _postgres.StartServerAsync();
        Dialogue.Expect(250, await Dialogue.SendAsync(wire, "Subject: after\r\n\r\nx\r\n.\r\n"));

        var subjects = (await relay.MessagesAsync()).Select(m => System.Text.Encoding.ASCII.GetString(m.Content).Split("\r\n")[0]).ToList();
        Assert.Equal(["Subject: before", "Subject: after"], subjects);
        Assert.Equal(2, await relay.CountAsync("reports"));
        Assert.Equal(2, await relay.CountAsync("recipients"));
    }

    [SkippableFact]
    public async Task Health_answers_503_while_the_database_is_down_and_200_when_it_is_back()
    {
        Skip.If(_postgres.Source != "cluster", "needs a server this test may stop");
        await using var relay = await TestRelay.StartAsync(_postgres);
        using var http = new HttpClient { BaseAddress = relay.Http };
        var healthz = new Uri("/healthz", UriKind.Relative);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(healthz)).StatusCode);

        await _postgres.StopServerAsync();
        try
        {
            using var down = await http.GetAsync(healthz);
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Contains("\"database\":\"down\"", await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await _postgres.StartServerAsync();
        }

        // Pooled connections died with the server; the probe recovers without a restart of the relay.
        await Poll.UntilAsync(async () => (await http.GetAsync(healthz)).StatusCode == System.Net.HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "health to recover");
    }
}
