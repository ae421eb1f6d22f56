using System.Text;
using Dapper;
using MailKit.Net.Smtp;
using MailKit.Security;
using Npgsql;
using TlsRecordingRelay.TestSupport;
using TlsRecordingRelay.TestSupport.Smtp;

namespace TlsRecordingRelay.EndToEnd.Tests;

/// <summary>The whole path: accepted over STARTTLS, relayed over STARTTLS, both legs recorded.</summary>
[Collection(RelayCollection.Name)]
public sealed class RelayThroughTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Mail_accepted_over_tls_is_relayed_over_tls_with_our_stamp_on_top_and_both_legs_recorded()
    {
        using var certificate = TestCertificates.SelfSigned("localhost");
        await using var sink = new LoopbackSmtpSink(new SinkOptions { Certificate = certificate });
        await using var relay = await TestRelay.StartAsync(postgres,
            "--Delivery:Workers=1", $"--Delivery:Routes:*=127.0.0.1:{sink.Port}", "--TlsPolicy:Default=encrypt");

        using (var client = new SmtpClient { CheckCertificateRevocation = false, ServerCertificateValidationCallback = (_, _, _, _) => true })
        {
            await client.ConnectAsync("127.0.0.1", relay.StartTls.Port, SecureSocketOptions.StartTls);
            await client.SendAsync(Mail.Simple(messageId: "through-1@client.test"));
            await client.DisconnectAsync(true);
        }

        await Poll.UntilAsync(() => sink.Messages.Count == 1, TimeSpan.FromSeconds(30), "the sink to receive the message");
        var delivered = sink.Messages[0];
        Assert.Equal("Tls13", delivered.TlsProtocol); // the sink reports SslProtocols names
        Assert.Equal(["someone@accepted.test"], delivered.Recipients);

        var stored = Assert.Single(await relay.MessagesAsync());
        var data = Encoding.Latin1.GetString(delivered.Data);
        Assert.StartsWith(stored.ReceivedHeader, data, StringComparison.Ordinal);
        Assert.Equal(stored.ReceivedHeader + Encoding.Latin1.GetString(stored.Content), data);

        await using var connection = new NpgsqlConnection(relay.ConnectionString);
        await Poll.UntilAsync(async () => await connection.ExecuteScalarAsync<string>("SELECT status FROM recipients") == "delivered",
            TimeSpan.FromSeconds(30), "the recipient to be marked delivered");
        var attempt = await connection.QuerySingleAsync<(string Policy, string Version, string Cipher, int Code)>(
            "SELECT policy, tls_version, tls_cipher, reply_code FROM delivery_attempts");
        Assert.Equal(("encrypt", "TLSv1.3", "TLS_AES_256_GCM_SHA384", 250), attempt);
    }
}
