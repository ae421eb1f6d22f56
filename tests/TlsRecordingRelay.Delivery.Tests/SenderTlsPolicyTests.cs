using System.Net;
using System.Text;
using TlsRecordingRelay.Core.Delivery;
using TlsRecordingRelay.TestSupport;
using TlsRecordingRelay.TestSupport.Dns;
using TlsRecordingRelay.TestSupport.Smtp;

namespace TlsRecordingRelay.Delivery.Tests;

/// <summary>The MailKit sender against loopback sinks: what each TLS policy does, and what gets recorded.</summary>
public sealed class SenderTlsPolicyTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    private static DeliveryServices Services(int port, string policy, string? caFile = null, string route = "127.0.0.1", TestDnsServer? dns = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Delivery:Routes:*"] = $"{route}:{port}",
            ["TlsPolicy:Default"] = policy,
            ["Delivery:CaFile"] = caFile,
            ["Delivery:DnsServer"] = dns?.EndPoint.ToString(),
        };
        return new DeliveryServices(settings);
    }

    [Fact]
    public async Task Delivery_over_starttls_records_tls13_cipher_and_bits()
    {
        await using var sink = new LoopbackSmtpSink(new SinkOptions { Certificate = TestCertificates.SelfSigned("sink.test") });
        using var services = Services(sink.Port, "may");

        var attempt = await services.DeliverOneAsync();

        Assert.True(attempt.Outcome.Delivered, attempt.Outcome.Detail);
        Assert.Equal(TlsPolicy.May, attempt.Policy);
        Assert.True(attempt.StartTlsOffered);
        Assert.NotNull(attempt.Tls);
        Assert.Equal("TLSv1.3", attempt.Tls.Version);
        Assert.Equal("TLS_AES_256_GCM_SHA384", attempt.Tls.Cipher);
        Assert.Equal(256, attempt.Tls.Bits);
        Assert.False(attempt.CertificateVerified);
        Assert.Contains("UntrustedRoot", attempt.CertificateError, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", attempt.Ip);
        Assert.Equal(sink.Port, attempt.Port);
        Assert.Equal("route:*", attempt.Route);
        Assert.Equal(250, attempt.Outcome.ReplyCode);
        Assert.Equal("2.0.0", attempt.Outcome.EnhancedStatus);
        Assert.Equal("SINK1", attempt.RemoteQueueId);
        var received = Assert.Single(sink.Messages);
        Assert.Equal("Tls13", received.TlsProtocol);
        Assert.Equal("relay.test", received.Ehlo);
    }

    [Fact]
    public async Task Policy_none_sends_without_starttls_even_when_offered()
    {
        await using var sink = new LoopbackSmtpSink(new SinkOptions { Certificate = TestCertificates.SelfSigned("sink.test") });
        using var services = Services(sink.Port, "none");

        var attempt = await services.DeliverOneAsync();

        Assert.True(attempt.Outcome.Delivered, attempt.Outcome.Detail);
        Assert.Null(attempt.Tls);
        Assert.Null(Assert.Single(sink.Messages).TlsProtocol);
    }

    [Fact]
    public async Task Policy_may_to_a_sink_without_starttls_delivers_in_plaintext_and_records_that()
    {
        await using var sink = new LoopbackSmtpSink();
        using var services = Services(sink.Port, "may");

        var attempt = await services.DeliverOneAsync();

        Assert.True(attempt.Outcome.Delivered, attempt.Outcome.Detail);
        Assert.False(attempt.StartTlsOffered);
        Assert.Null(attempt.Tls);
        Assert.Null(attempt.CertificateVerified);
        Assert.Null(Assert.Single(sink.Messages).TlsProtocol);
    }

    [Fact]
    public async Task Policy_may_retries_once_in_plaintext_after_a_failed_handshake_and_records_the_failure()
    {
        await using var sink = new LoopbackSmtpSink(new SinkOptions { Certificate = TestCertificates.SelfSigned("sink.test"), BreakHandshake = true });
        using var services = Services(sink.Port, "may");

        var attempt = await services.DeliverOneAsync();

        Assert.True(attempt.Outcome.Delivered, attempt.Outcome.Detail);
        Assert.Null(attempt.Tls);
        Assert.True(attempt.StartTlsOffered);
        Assert.Contains("retried in plaintext", attempt.TlsError, StringComparison.Ordinal);
        Assert.Equal(2, sink.Sessions);
        Assert.Null(Assert.Single(sink.Messages).TlsProtocol);
    }

    [Theory]
    [InlineData("encrypt")]
    [InlineData("verify")]
    public async Task Mandatory_tls_to_a_sink_without_starttls_never_sends_data_and_defers_with_4_7(string policy)
    {
        await using var sink = new LoopbackSmtpSink();
        using var services = Services(sink.Port, policy);

        var attempt = await services.DeliverOneAsync();

        Assert.False(attempt.Outcome.Delivered);
        Assert.False(attempt.Outcome.Permanent);
        Assert.Equal("4.7.4", attempt.Outcome.EnhancedStatus);
        Assert.False(attempt.StartTlsOffered);
        Assert.Equal(0, sink.DataCommands);
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task Mandatory_tls_with_a_failed_handshake_never_falls_back_to_plaintext()
    {
        await using var sink = new LoopbackSmtpSink(new SinkOptions { Certificate = TestCertificates.SelfSigned("sink.test"), BreakHandshake = true });
        using var services = Services(sink.Port, "encrypt");

        var attempt = await services.DeliverOneAsync();

        Assert.False(attempt.Outcome.Delivered);
        Assert.StartsWith("4.7.", attempt.Outcome.EnhancedStatus, StringComparison.Ordinal);
        Assert.Equal(1, sink.Sessions);
        Assert.Equal(0, sink.DataCommands);
    }

    [Fact]
    public async Task Policy_encrypt_accepts_a_self_signed_certificate_and_records_it_unverified()
    {
        await using var sink = new LoopbackSmtpSink(new SinkOptions { Certificate = TestCertificates.SelfSigned("sink.test") });
        using var services = Services(sink.Port, "encrypt");

        var attempt = await services.DeliverOneAsync();

        Assert.True(attempt.Outcome.Delivered, attempt.Outcome.Detail);
        Assert.Equal("TLSv1.3", attempt.Tls?.Version);
        Assert.False(attempt.CertificateVerified);
    }

    [Fact]
    public async Task Policy_verify_against_a_self_signed_sink_defers_without_sending()
    {
        await using var sink = new LoopbackSmtpSink(new SinkOptions { Certificate = TestCertificates.SelfSigned("127.0.0.1") });
        using var services = Services(sink.Port, "verify", _certificates.CaFile);

        var attempt = await services.DeliverOneAsync();

        Assert.False(attempt.Outcome.Delivered);
        Assert.False(attempt.Outcome.Permanent);
        Assert.Equal("4.7.5", attempt.Outcome.EnhancedStatus);
        Assert.False(attempt.CertificateVerified);
        Assert.Contains("chain", attempt.CertificateError, StringComparison.Ordinal);
        Assert.Equal(0, sink.DataCommands);
    }

    [Fact]
    public async Task Policy_verify_against_a_sink_chaining_to_the_test_ca_with_the_right_name_delivers()
    {
        await using var dns = new TestDnsServer().AddAddress("sink.test", IPAddress.Loopback);
        await using var sink = new LoopbackSmtpSink(new SinkOptions { Certificate = _certificates.IssueServer("sink.test") });
        using var services = Services(sink.Port, "verify", _certificates.CaFile, route: "sink.test", dns: dns);

        var attempt = await services.DeliverOneAsync();

        Assert.True(attempt.Outcome.Delivered, attempt.Outcome.Detail);
        Assert.True(attempt.CertificateVerified, attempt.CertificateError);
        Assert.Equal("OK", attempt.Tls?.Verify);
        Assert.Equal("sink.test", attempt.Host);
    }

    [Fact]
    public async Task Policy_verify_rejects_a_ca_issued_certificate_for_another_name()
    {
        await using var dns = new TestDnsServer().AddAddress("sink.test", IPAddress.Loopback);
        await using var sink = new LoopbackSmtpSink(new SinkOptions { Certificate = _certificates.IssueServer("other.test") });
        using var services = Services(sink.Port, "verify", _certificates.CaFile, route: "sink.test", dns: dns);

        var attempt = await services.DeliverOneAsync();

        Assert.Equal("4.7.5", attempt.Outcome.EnhancedStatus);
        Assert.Contains("name mismatch", attempt.CertificateError, StringComparison.Ordinal);
        Assert.Equal(0, sink.DataCommands);
    }

    [Fact]
    public async Task Sub_domain_policy_entries_decide_per_recipient_domain()
    {
        await using var sink = new LoopbackSmtpSink();
        using var services = new DeliveryServices(new Dictionary<string, string?>
        {
            ["Delivery:Routes:*"] = $"127.0.0.1:{sink.Port}",
            ["TlsPolicy:Default"] = "may",
            ["TlsPolicy:Domains:.secure.test"] = "encrypt",
        });

        var sub = await services.DeliverOneAsync("bob@mx.secure.test");
        var parent = await services.DeliverOneAsync("bob@secure.test");

        Assert.Equal(TlsPolicy.Encrypt, sub.Policy);
        Assert.Equal("4.7.4", sub.Outcome.EnhancedStatus);
        Assert.Equal(TlsPolicy.May, parent.Policy);
        Assert.True(parent.Outcome.Delivered);
        var message = Assert.Single(sink.Messages);
        Assert.Equal(["bob@secure.test"], message.Recipients);
    }

    [Fact]
    public async Task Stored_bytes_arrive_byte_identical_apart_from_our_received_line()
    {
        await using var sink = new LoopbackSmtpSink(new SinkOptions { Certificate = TestCertificates.SelfSigned("sink.test") });
        using var services = Services(sink.Port, "may");
        var content = TestMessages.Awkward();

        var attempt = Assert.Single(await services.DeliverAsync(TestMessages.Claimed(content, "alice@sender.test", "bob@example.test")));

        Assert.True(attempt.Outcome.Delivered, attempt.Outcome.Detail);
        var expected = Encoding.UTF8.GetBytes(TestMessages.ReceivedHeader).Concat(content).ToArray();
        var actual = Assert.Single(sink.Messages).Data;
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Each_recipient_gets_its_own_reply_in_one_transaction()
    {
        await using var sink = new LoopbackSmtpSink(new SinkOptions
        {
            RecipientReply = a => a.StartsWith("later", StringComparison.Ordinal) ? "451 4.3.0 try later"
                : a.StartsWith("nobody", StringComparison.Ordinal) ? "550 5.1.1 no such user" : "250 2.1.5 Ok",
        });
        using var services = Services(sink.Port, "may");

        var attempts = await services.DeliverAsync(TestMessages.Claimed(TestMessages.Simple(), "alice@sender.test", "ok@example.test", "later@example.test", "nobody@example.test"));

        Assert.Equal(3, attempts.Count);
        Assert.True(attempts[0].Outcome.Delivered);
        Assert.Equal((451, "4.3.0", false), (attempts[1].Outcome.ReplyCode, attempts[1].Outcome.EnhancedStatus, attempts[1].Outcome.Permanent));
        Assert.Equal((550, "5.1.1", true), (attempts[2].Outcome.ReplyCode, attempts[2].Outcome.EnhancedStatus, attempts[2].Outcome.Permanent));
        Assert.Equal(["ok@example.test"], Assert.Single(sink.Messages).Recipients);
    }
}
