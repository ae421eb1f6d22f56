using System.Text.Json;
using Dapper;
using Npgsql;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests;

[Collection(RelayCollection.Name)]
public sealed class HopAnalysisOnAcceptanceTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Accepted_mail_stores_the_analysed_chain_with_our_own_hop_observed_at_index_0()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await using (var wire = await Dialogue.OpenAsync(relay.StartTls, startTls: true))
        {
            Dialogue.Expect(250, await Dialogue.SendAsync(wire, SeedMessage.Chain + "Subject: seed\r\n\r\nbody\r\n.\r\n"));
        }

        await using var connection = new NpgsqlConnection(relay.ConnectionString);
        var (verdict, hopsJson, upstream) = await connection.QuerySingleAsync<(string, string, string)>(
            "SELECT verdict, hops::text, upstream_received::text FROM reports");
        Assert.Equal("plaintext", verdict);
        Assert.Equal(6, JsonDocument.Parse(upstream).RootElement.GetArrayLength());

        var hops = JsonDocument.Parse(hopsJson).RootElement;
        Assert.Equal(7, hops.GetArrayLength());
        var ours = hops[0];
        Assert.Equal(0, ours.GetProperty("index").GetInt32());
        Assert.True(ours.GetProperty("observed").GetBoolean());
        Assert.Equal("mx.relay.test", ours.GetProperty("by").GetString());
        Assert.Equal("TLSv1.3", ours.GetProperty("tls").GetProperty("version").GetString());
        Assert.False(hops[1].GetProperty("observed").GetBoolean());
        Assert.Equal("plaintext", hops[5].GetProperty("security").GetString());
        Assert.Equal("encrypted", hops[4].GetProperty("security").GetString());
    }
}
