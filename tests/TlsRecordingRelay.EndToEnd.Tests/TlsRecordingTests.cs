using System.Security.Authentication;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using TlsRecordingRelay.Smtp.Auth;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests;

[Collection(RelayCollection.Name)]
public sealed class TlsRecordingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Starttls_session_is_stored_as_tls13_with_its_suite_and_bits()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        var reply = await SendAsync(relay.StartTls.Port, SecureSocketOptions.StartTls);

        Assert.Matches(@"^2\.0\.0 Ok: queued as [0-9A-Z]{14}$", reply);
        var stored = Assert.Single(await relay.MessagesAsync());
        var tls = JsonDocument.Parse(stored.TlsJson!).RootElement;
        Assert.Equal("TLSv1.3", tls.GetProperty("version").GetString());
        Assert.Equal("TLS_AES_256_GCM_SHA384", tls.GetProperty("cipher").GetString());
        Assert.Equal(256, tls.GetProperty("bits").GetInt32());
        Assert.Equal("NOT", tls.GetProperty("verify").GetString());
        Assert.Equal("ESMTPS", stored.WithProtocol);
        Assert.Contains("with ESMTPS id " + stored.QueueId, stored.ReceivedHeader, StringComparison.Ordinal);
        Assert.Contains("(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT)", stored.ReceivedHeader, StringComparison.Ordinal);
        Assert.Equal(1, stored.QueuedRecipients);
        Assert.Equal("sender@client.test", stored.MailFrom);
    }

    [Fact]
    public async Task A_client_limited_to_tls12_is_recorded_as_tls12_with_an_ecdhe_suite()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await SendAsync(relay.StartTls.Port, SecureSocketOptions.StartTls, SslProtocols.Tls12);

        var stored = Assert.Single(await relay.MessagesAsync());
        var tls = JsonDocument.Parse(stored.TlsJson!).RootElement;
        Assert.Equal("TLSv1.2", tls.GetProperty("version").GetString());
        Assert.StartsWith("TLS_ECDHE_", tls.GetProperty("cipher").GetString(), StringComparison.Ordinal);
        Assert.Contains("(version=TLSv1.2 cipher=TLS_ECDHE_", stored.ReceivedHeader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plaintext_session_is_stamped_esmtp_without_tls()
    {
        await using var relay = await TestRelay.StartAsync(postgres);
        await SendAsync(relay.StartTls.Port, SecureSocketOptions.None);

        var stored = Assert.Single(await relay.MessagesAsync());
        Assert.Null(stored.TlsJson);
        Assert.Equal("ESMTP", stored.WithProtocol);
        Assert.Contains("with ESMTP id ", stored.ReceivedHeader, StringComparison.Ordinal);
        Assert.DoesNotContain("version=", stored.ReceivedHeader, StringComparison.Ordinal);
        Assert.DoesNotContain("\ttls ", stored.ReceivedHeader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_implicit_tls_port_accepts_mail_over_tls13()
    {
        await using var relay = await TestRelay.StartAsync(postgres, "--Smtp:ImplicitTlsPort=0");
        await SendAsync(relay.ImplicitTls.Port, SecureSocketOptions.SslOnConnect);

        var stored = Assert.Single(await relay.MessagesAsync());
        Assert.Equal("TLSv1.3", JsonDocument.Parse(stored.TlsJson!).RootElement.GetProperty("version").GetString());
        Assert.Equal("ESMTPS", stored.WithProtocol);
    }

    [Fact]
    public async Task Auth_after_starttls_is_stamped_esmtpsa_and_relays_to_any_domain()
    {
        var hash = PasswordHash.Create("s3cret");
        await using var relay = await TestRelay.StartAsync(postgres, "--Relay:AllowedNetworks:0=192.0.2.0/24", $"--Smtp:Users:alice={hash}");

        using var client = new SmtpClient { CheckCertificateRevocation = false, ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync("127.0.0.1", relay.StartTls.Port, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("alice", "s3cret");
        await client.SendAsync(Mail.Simple(to: "far@elsewhere.test"));
        await client.DisconnectAsync(true);

        var stored = Assert.Single(await relay.MessagesAsync());
        Assert.Equal("ESMTPSA", stored.WithProtocol);
        Assert.Equal("alice", stored.AuthenticatedUser);
        Assert.Contains("with ESMTPSA id ", stored.ReceivedHeader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_auth_is_not_offered_before_tls()
    {
        await using var relay = await TestRelay.StartAsync(postgres, $"--Smtp:Users:alice={PasswordHash.Create("s3cret")}");

        await using var wire = await SmtpWire.ConnectAsync(relay.StartTls);
        Assert.Equal(220, (await wire.ReadReplyAsync()).Code);
        var ehlo = await wire.CommandAsync("EHLO client.test");
        Assert.DoesNotContain(ehlo.Lines, l => l.Contains("AUTH", StringComparison.Ordinal));
        Assert.Contains(ehlo.Lines, l => l.Contains("STARTTLS", StringComparison.Ordinal));

        var afterTls = await wire.StartTlsAsync();
        Assert.Contains(afterTls.Lines, l => l.Contains("AUTH", StringComparison.Ordinal));
        var auth = await wire.CommandAsync("AUTH PLAIN " + Convert.ToBase64String("\0alice\0wrong"u8.ToArray()));
        Assert.Equal(535, auth.Code);
    }

    private static async Task<string> SendAsync(int port, SecureSocketOptions security, SslProtocols protocols = SslProtocols.None)
    {
        using var client = new SmtpClient
        {
            CheckCertificateRevocation = false,
            SslProtocols = protocols,
            ServerCertificateValidationCallback = (_, _, _, _) => true, // the relay's self-signed certificate
            LocalDomain = "client.test",
        };
        await client.ConnectAsync("127.0.0.1", port, security);
        var reply = await client.SendAsync(Mail.Simple());
        await client.DisconnectAsync(true);
        return reply;
    }
}
