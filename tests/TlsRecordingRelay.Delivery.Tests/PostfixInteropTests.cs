using TlsRecordingRelay.TestSupport;
using TlsRecordingRelay.TestSupport.Peers;

namespace TlsRecordingRelay.Delivery.Tests;

/// <summary>Interop with a real MTA: Postfix as the next hop (shared/peers/tls-sink.sh, ports 10038/10039).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostfixInteropTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> RouteAllTo(int port, string policy) => new()
    {
        ["Delivery:Routes:*"] = $"127.0.0.1:{port}",
        ["TlsPolicy:Default"] = policy,
    };

    [PostfixFact]
    public async Task With_policy_may_postfix_records_our_starttls_in_its_received_line()
    {
        await using var postfix = await PostfixSink.StartAsync(10038, "tls");
        await using var db = new QueueDatabase(await postgres.CreateDatabaseAsync("postfix_may"));
        await using var node = await DeliveryNode.StartAsync(db.ConnectionString, new ShiftableTimeProvider(), RouteAllTo(postfix.Port, "may"));
        var content = TestMessages.Awkward();

        var queueId = await db.AcceptAsync("alice@sender.test", ["bob@example.test"], content);
        await Poll.UntilAsync(async () => (await db.StatusesAsync(queueId))["bob@example.test"] == "delivered", Deadline, "delivery to Postfix");
        await Poll.UntilAsync(async () => await postfix.CountAsync() == 1, Deadline, "Postfix's Maildir");

        var stored = Assert.Single(await postfix.MessagesAsync());
        var postfixReceived = stored[stored.IndexOf("Received:", StringComparison.Ordinal)..stored.IndexOf("Received: from client.test", StringComparison.Ordinal)];
        Assert.Contains("(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384", postfixReceived, StringComparison.Ordinal);
        Assert.Contains("with ESMTPS", postfixReceived, StringComparison.Ordinal);
        Assert.Contains("from relay.test", postfixReceived, StringComparison.Ordinal);
        // Our stamp, the DKIM-signed header block and the 8-bit body arrive as stored (Postfix adds its own
        // Received, and Message-Id/Date because this test message has none).
        var text = System.Text.Encoding.UTF8.GetString(content).Replace("\r\n", "\n", StringComparison.Ordinal);
        var bodyStart = text.IndexOf("\n\n", StringComparison.Ordinal);
        Assert.Contains(TestMessages.ReceivedHeader.Replace("\r\n", "\n", StringComparison.Ordinal) + text[..text.IndexOf("Content-Type", StringComparison.Ordinal)], stored, StringComparison.Ordinal);
        Assert.EndsWith(text[bodyStart..], stored, StringComparison.Ordinal);
        Assert.Contains("tls=TLSv1.3", await postfix.ReportAsync(), StringComparison.Ordinal);

        var recorded = Assert.Single(await db.QueryAsync<(string TlsVersion, string TlsCipher, int TlsBits, string RemoteQueueId)>(
            "SELECT tls_version, tls_cipher, tls_bits, remote_queue_id FROM delivery_attempts"));
        Assert.Equal(("TLSv1.3", "TLS_AES_256_GCM_SHA384", 256), (recorded.TlsVersion, recorded.TlsCipher, recorded.TlsBits));
        Assert.Contains(recorded.RemoteQueueId, postfixReceived, StringComparison.Ordinal);
    }

    [PostfixFact]
    public async Task With_policy_encrypt_and_a_postfix_without_starttls_nothing_arrives()
    {
        await using var postfix = await PostfixSink.StartAsync(10039, "notls");
        await using var db = new QueueDatabase(await postgres.CreateDatabaseAsync("postfix_encrypt"));
        await using var node = await DeliveryNode.StartAsync(db.ConnectionString, new ShiftableTimeProvider(), RouteAllTo(postfix.Port, "encrypt"));

        var queueId = await db.AcceptAsync("alice@sender.test", ["bob@example.test"]);
        await Poll.UntilAsync(async () => (await db.StatusesAsync(queueId))["bob@example.test"] == "deferred", Deadline, "the deferral");

        var (status, offered) = Assert.Single(await db.QueryAsync<(string, bool?)>("SELECT enhanced_status, starttls_offered FROM delivery_attempts"));
        Assert.Equal("4.7.4", status);
        Assert.False(offered);
        Assert.Equal(0, await postfix.CountAsync());
    }
}
