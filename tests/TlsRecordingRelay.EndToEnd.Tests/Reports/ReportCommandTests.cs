using System.Text.Json;
using TlsRecordingRelay.Cli;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests.Reports;

/// <summary><c>tlsrelay report</c> on real stored data: accepted through the listener, delivered to a sink, then reported.</summary>
[Collection(RelayCollection.Name)]
public sealed class ReportCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Report_json_has_every_contract_field_of_a_delivered_message()
    {
        await using var rig = await DeliveredReport.StartAsync(postgres);
        var queueId = await rig.SendAsync("report-json@client.test");

        var (exit, stdout, _) = await RunAsync(rig, "<report-json@client.test>", json: true);

        Assert.Equal(0, exit);
        var report = Assert.Single(JsonDocument.Parse(stdout).RootElement.GetProperty("reports").EnumerateArray());
        Assert.Equal(queueId, report.GetProperty("queueId").GetString());
        Assert.Equal("report-json@client.test", report.GetProperty("messageId").GetString());
        Assert.True(DateTime.TryParse(report.GetProperty("receivedAt").GetString(), out _));
        Assert.EndsWith("Z", report.GetProperty("receivedAt").GetString(), StringComparison.Ordinal);
        Assert.Equal("sender@client.test", report.GetProperty("mailFrom").GetString());
        Assert.True(report.GetProperty("sizeBytes").GetInt32() > SeedMessage.Chain.Length);

        var client = report.GetProperty("client");
        Assert.Equal("127.0.0.1", client.GetProperty("ip").GetString());
        Assert.Equal("client.test", client.GetProperty("helo").GetString());
        Assert.Equal(JsonValueKind.Null, client.GetProperty("rdns").ValueKind); // Smtp:ReverseDns=false in tests

        var inbound = report.GetProperty("inbound");
        Assert.Equal("ESMTPS", inbound.GetProperty("with").GetString());
        Assert.Equal("TLSv1.3", inbound.GetProperty("tls").GetProperty("version").GetString());
        Assert.StartsWith("TLS_", inbound.GetProperty("tls").GetProperty("cipher").GetString(), StringComparison.Ordinal);
        Assert.True(inbound.GetProperty("tls").GetProperty("bits").GetInt32() >= 128);
        Assert.Equal(JsonValueKind.Null, inbound.GetProperty("authenticatedUser").ValueKind);

        Assert.Equal("plaintext", report.GetProperty("verdict").GetString());
        var hops = report.GetProperty("hops");
        Assert.Equal(7, hops.GetArrayLength());
        Assert.True(hops[0].GetProperty("observed").GetBoolean());
        Assert.Equal("plaintext", hops[5].GetProperty("security").GetString());
        foreach (var name in new[] { "index", "from", "by", "via", "with", "id", "for", "date", "tls", "stampedBy", "security", "reason", "delaySeconds" })
        {
            Assert.True(hops[4].TryGetProperty(name, out _), $"hop field {name}");
        }

        var recipient = Assert.Single(report.GetProperty("recipients").EnumerateArray());
        Assert.Equal("someone@accepted.test", recipient.GetProperty("address").GetString());
        Assert.Equal("delivered", recipient.GetProperty("status").GetString());
        Assert.Equal("encrypt", recipient.GetProperty("policy").GetString());
        Assert.Equal(1, recipient.GetProperty("attempts").GetInt32());
        var attempt = recipient.GetProperty("lastAttempt");
        Assert.True(DateTime.TryParse(attempt.GetProperty("at").GetString(), out _));
        Assert.Equal("127.0.0.1", attempt.GetProperty("host").GetString());
        Assert.Equal("127.0.0.1", attempt.GetProperty("ip").GetString());
        Assert.Equal("TLSv1.3", attempt.GetProperty("tls").GetProperty("version").GetString());
        Assert.Equal("TLS_AES_256_GCM_SHA384", attempt.GetProperty("tls").GetProperty("cipher").GetString());
        Assert.Equal(256, attempt.GetProperty("tls").GetProperty("bits").GetInt32());
        Assert.False(attempt.GetProperty("certificateVerified").GetBoolean()); // self-signed sink, policy encrypt
        Assert.StartsWith("250", attempt.GetProperty("reply").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Report_finds_a_message_by_queue_id_and_lists_every_message_of_a_message_id_newest_first()
    {
        await using var rig = await DeliveredReport.StartAsync(postgres);
        var first = await rig.SendAsync("twice@client.test");
        var second = await rig.SendAsync("twice@client.test");

        var (exit, stdout, _) = await RunAsync(rig, "twice@client.test", json: true);
        Assert.Equal(0, exit);
        var ids = JsonDocument.Parse(stdout).RootElement.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("queueId").GetString()).ToList();
        Assert.Equal([second, first], ids);

        (exit, stdout, _) = await RunAsync(rig, first, json: true);
        Assert.Equal(0, exit);
        Assert.Equal(first, Assert.Single(JsonDocument.Parse(stdout).RootElement.GetProperty("reports").EnumerateArray()).GetProperty("queueId").GetString());
    }

    [Fact]
    public async Task Report_text_shows_the_marked_hop_chain_the_acceptance_and_each_recipient()
    {
        await using var rig = await DeliveredReport.StartAsync(postgres);
        var queueId = await rig.SendAsync("report-text@client.test");

        var (exit, stdout, _) = await RunAsync(rig, "report-text@client.test", json: false);

        Assert.Equal(0, exit);
        Assert.Contains("report-text@client.test", stdout, StringComparison.Ordinal);
        Assert.Contains(queueId, stdout, StringComparison.Ordinal);
        Assert.Contains("verdict: plaintext — hop 5 bay0-omc4-s14.bay0.hotmail.com → dispatch1-us1.ppe-hosted.com.ppe-hosted.com", stdout, StringComparison.Ordinal);
        Assert.Contains("🔓", stdout, StringComparison.Ordinal);
        Assert.Contains("🔒", stdout, StringComparison.Ordinal);
        Assert.Contains("⌂", stdout, StringComparison.Ordinal);
        Assert.Contains("dispatch1-us1.ppe-hosted.com", stdout, StringComparison.Ordinal);
        Assert.Contains("accepted from 127.0.0.1", stdout, StringComparison.Ordinal);
        Assert.Contains("someone@accepted.test", stdout, StringComparison.Ordinal);
        Assert.Contains("delivered", stdout, StringComparison.Ordinal);
        Assert.Contains("250 2.0.0 Ok: queued as SINK1", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", stdout, StringComparison.Ordinal); // not a terminal: no colour codes
    }

    [Fact]
    public async Task An_unknown_id_exits_1_with_one_line()
    {
        await using var rig = await DeliveredReport.StartAsync(postgres);

        var (exit, stdout, stderr) = await RunAsync(rig, "<nobody@nowhere.test>", json: true);

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.Equal("report: no message with Message-ID or queue id <nobody@nowhere.test>", stderr.TrimEnd());
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(DeliveredReport rig, string id, bool json)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await ReportVerb.RunAsync(
            id, json, [$"--ConnectionStrings:Reports={rig.Relay.ConnectionString}", "--Logging:LogLevel:Default=Warning"], stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
