using System.Text.RegularExpressions;
using Dapper;
using TlsRecordingRelay.Milter.Tests.Storage;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.Milter.Tests.Interop;

/// <summary>
/// A real Postfix (private loopback instance, smtpd_milters pointing at us, milter_default_action = tempfail)
/// receives mail from swaks over STARTTLS and asks our milter about each message. Skipped locally when Postfix or
/// swaks is missing; fails in CI (env CI set).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class PostfixInteropTests(PostgresFixture postgres)
{
    private const string PlaintextReceived =
        "Received: from b.example.org (b.example.org [203.0.113.62]) by mx.example.net (Postfix) with ESMTP id 2F1A; Thu, 3 Dec 2026 10:00:00 +0000";

    private static void SkipWithoutPostfix()
    {
        var missing = PrivatePostfix.Unavailable();
        Skip.If(missing is not null && Environment.GetEnvironmentVariable("CI") is null, missing);
        Assert.True(missing is null, "CI needs Postfix interop: " + missing);
    }

    [SkippableFact]
    public async Task Postfix_over_starttls_gets_our_header_and_the_report_row_holds_the_tls_postfix_negotiated()
    {
        SkipWithoutPostfix();
        await using var rig = await MilterRig.StartAsync(postgres);
        var (postfix, database) = (rig.Postfix, rig.Database);

        var (exit, output) = await postfix.SwaksAsync("bob@example.org", "interop-1@client.example.net");
        Assert.True(exit == 0, "swaks failed:\n" + output + "\nmaillog:\n" + postfix.Log);
        var delivered = await postfix.WaitForDeliveryAsync("interop-1@client.example.net");

        // Postfix's own Received line (first in the delivered message) names the TLS session and the queue id.
        var received = PostfixReceived().Match(delivered);
        Assert.True(received.Success, delivered);
        var (version, cipher, queueId) = (received.Groups["version"].Value, received.Groups["cipher"].Value, received.Groups["id"].Value);

        var header = Regex.Match(delivered, @"^X-TLS-Hops: (?<value>.*)$", RegexOptions.Multiline);
        Assert.True(header.Success, "no X-TLS-Hops header in:\n" + delivered);
        Assert.Contains($"; inbound {version} {cipher}; queue {queueId}", header.Groups["value"].Value, StringComparison.Ordinal);

        await using var connection = await database.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(string Queue, string Version, string Cipher, string With, string Helo, string Action, string Hostname)>(
            """
            SELECT mta_queue_id, tls->>'version', tls->>'cipher', with_protocol, client_helo, action, mta_hostname
            FROM milter_reports WHERE message_id = 'interop-1@client.example.net'
            """);
        Assert.Equal((queueId, version, cipher, "ESMTPS", "client.example.net", "accept", "mta.milter.test"), row);
        var hopTls = await connection.ExecuteScalarAsync<string>(
            "SELECT hops->0->'tls'->>'cipher' FROM milter_reports WHERE message_id = 'interop-1@client.example.net'");
        Assert.Equal(cipher, hopTls);

        // Postfix found nothing to complain about in our side of the protocol.
        Assert.DoesNotContain("milter", string.Join('\n', postfix.Log.Split('\n').Where(l => l.Contains("warning", StringComparison.Ordinal))), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Reject_on_plaintext_chain_makes_postfix_refuse_mail_for_a_protected_domain_with_550()
    {
        SkipWithoutPostfix();
        await using var rig = await MilterRig.StartAsync(postgres);
        var (postfix, database) = (rig.Postfix, rig.Database);

        var (exit, output) = await postfix.SwaksAsync("carol@protected.test", "interop-2@client.example.net", "--add-header", PlaintextReceived);
        Assert.NotEqual(0, exit);
        Assert.Matches(@"<~\* +550 5\.7\.1 Refused by policy: the Received chain has a plaintext hop", output);

        // The same chain to an unprotected domain is delivered, marked plaintext.
        (exit, output) = await postfix.SwaksAsync("dave@example.org", "interop-3@client.example.net", "--add-header", PlaintextReceived);
        Assert.True(exit == 0, output);
        var delivered = await postfix.WaitForDeliveryAsync("interop-3@client.example.net");
        Assert.Matches(@"X-TLS-Hops: plaintext; 2 hops; inbound TLSv1\.[23] \S+; plaintext hop 1 from b\.example\.org \[203\.0\.113\.62\]", delivered);

        await using var connection = await database.OpenConnectionAsync();
        var actions = await connection.QueryAsync<(string MessageId, string Verdict, string Action)>(
            "SELECT message_id, verdict, action FROM milter_reports ORDER BY id");
        Assert.Equal([("interop-2@client.example.net", "plaintext", "reject"), ("interop-3@client.example.net", "plaintext", "accept")], actions);    }

    [SkippableFact]
    public async Task When_the_milter_restarts_postfix_tempfails_meanwhile_and_mail_flows_again_after()
    {
        SkipWithoutPostfix();
        await using var rig = await MilterRig.StartAsync(postgres);
        var postfix = rig.Postfix;

        var (exit, output) = await postfix.SwaksAsync("bob@example.org", "interop-4@client.example.net");
        Assert.True(exit == 0, output);

        await rig.StopMilterAsync();
        (exit, output) = await postfix.SwaksAsync("bob@example.org", "interop-5@client.example.net");
        Assert.NotEqual(0, exit);
        Assert.Matches(@"45[14] 4\.\d\.\d", output); // milter_default_action = tempfail

        await rig.StartMilterAgainAsync();
        (exit, output) = await postfix.SwaksAsync("bob@example.org", "interop-6@client.example.net");
        Assert.True(exit == 0, "after the milter restart:\n" + output + "\nmaillog:\n" + postfix.Log);
        Assert.Contains("X-TLS-Hops: ", await postfix.WaitForDeliveryAsync("interop-6@client.example.net"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task When_postfix_restarts_the_milter_keeps_serving()
    {
        SkipWithoutPostfix();
        await using var rig = await MilterRig.StartAsync(postgres);
        var (postfix, database) = (rig.Postfix, rig.Database);

        var (exit, output) = await postfix.SwaksAsync("bob@example.org", "interop-7@client.example.net");
        Assert.True(exit == 0, output);
        await postfix.RestartAsync();

        (exit, output) = await postfix.SwaksAsync("bob@example.org", "interop-8@client.example.net");
        Assert.True(exit == 0, "after the Postfix restart:\n" + output + "\nmaillog:\n" + postfix.Log);
        Assert.Contains("X-TLS-Hops: ", await postfix.WaitForDeliveryAsync("interop-8@client.example.net"), StringComparison.Ordinal);

        await using var connection = await database.OpenConnectionAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM milter_reports"));    }

    // Postfix smtpd_tls_received_header: "(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) ...) ... with ESMTPS id QUEUEID"
    [GeneratedRegex(@"\(using (?<version>\S+) with cipher (?<cipher>\S+) .*?with ESMTPS id (?<id>[0-9A-Za-z]+)", RegexOptions.Singleline)]
    private static partial Regex PostfixReceived();
}
