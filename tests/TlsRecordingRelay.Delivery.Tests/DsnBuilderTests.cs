using MimeKit;
using TlsRecordingRelay.Core.Delivery;
using TlsRecordingRelay.Core.Tls;
using TlsRecordingRelay.Delivery.Dsn;

namespace TlsRecordingRelay.Delivery.Tests;

public sealed class DsnBuilderTests
{
    private static DeliveryAttempt Attempt() => new()
    {
        RecipientId = 1,
        AttemptedAtUtc = new DateTime(2026, 12, 3, 19, 0, 0, DateTimeKind.Utc),
        Route = "mx:example.test",
        Host = "mx1.example.test",
        Ip = "192.0.2.25",
        Port = 25,
        Policy = TlsPolicy.Verify,
        StartTlsOffered = true,
        Tls = new TlsDetails("TLSv1.3", "Tls13", "TLS_AES_256_GCM_SHA384", 256, "OK"),
        CertificateVerified = true,
        Outcome = DeliveryOutcome.Failure("5.1.1", "5.1.1 <bob@example.test>: no such user", 550),
    };

    [Fact]
    public void A_dsn_is_a_multipart_report_with_delivery_status_and_the_tls_facts()
    {
        var original = TestMessages.Claimed(TestMessages.Simple("the subject"), "alice@sender.test", "bob@example.test");

        var dsn = new DsnBuilder("relay.test").Build(original, [new BouncedRecipient("bob@example.test", Attempt())], DateTime.UtcNow);

        Assert.NotNull(dsn);
        Assert.Equal(string.Empty, dsn.MailFrom);
        Assert.Equal(["alice@sender.test"], dsn.Recipients);
        using var stream = new MemoryStream(dsn.Content.ToArray());
        var message = MimeMessage.Load(stream);
        var report = Assert.IsType<MultipartReport>(message.Body);
        Assert.Equal("delivery-status", report.ReportType);
        Assert.Equal("auto-replied", message.Headers["Auto-Submitted"]);
        var status = Assert.Single(report.OfType<MessageDeliveryStatus>());
        Assert.Equal("dns; relay.test", status.StatusGroups[0]["Reporting-MTA"]);
        var recipient = status.StatusGroups[1];
        Assert.Equal("rfc822; bob@example.test", recipient["Final-Recipient"]);
        Assert.Equal("failed", recipient["Action"]);
        Assert.Equal("5.1.1", recipient["Status"]);
        Assert.Equal("dns; mx1.example.test", recipient["Remote-MTA"]);
        Assert.StartsWith("smtp; 550", recipient["Diagnostic-Code"], StringComparison.Ordinal);
        Assert.Equal("verify", recipient["X-TLS-Policy"]);
        Assert.Contains("TLSv1.3 TLS_AES_256_GCM_SHA384 256 bits", recipient["X-TLS"], StringComparison.Ordinal);
        Assert.Contains("certificate verified", recipient["X-TLS"], StringComparison.Ordinal);
        var headers = report.Single(p => p.ContentType.IsMimeType("text", "rfc822-headers"));
        Assert.Contains("Subject: the subject", headers.ToString(), StringComparison.Ordinal);
        Assert.Contains("Received: from client.test", headers.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_null_sender_never_gets_a_dsn()
    {
        var original = TestMessages.Claimed(TestMessages.Simple(), string.Empty, "bob@example.test");
        Assert.Null(new DsnBuilder("relay.test").Build(original, [new BouncedRecipient("bob@example.test", Attempt())], DateTime.UtcNow));
    }
}
