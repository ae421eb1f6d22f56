using TlsRecordingRelay.Core.Delivery;
using TlsRecordingRelay.Delivery.Policy;
using TlsRecordingRelay.Delivery.Retry;
using TlsRecordingRelay.Delivery.Routing;

namespace TlsRecordingRelay.Delivery.Tests;

public sealed class PolicyAndScheduleTests
{
    private static TlsPolicyMap Map(string fallback, params (string Domain, string Level)[] entries) => new(new TlsPolicyOptions
    {
        Default = fallback,
        Domains = entries.ToDictionary(e => e.Domain, e => e.Level, StringComparer.OrdinalIgnoreCase),
    });

    [Theory]
    [InlineData("example.org", TlsPolicy.Verify)]          // exact entry
    [InlineData("EXAMPLE.org.", TlsPolicy.Verify)]         // case and root dot do not matter
    [InlineData("mx.example.org", TlsPolicy.Encrypt)]      // .example.org covers subdomains...
    [InlineData("a.b.example.org", TlsPolicy.Encrypt)]
    [InlineData("sub.example.com", TlsPolicy.May)]         // ...but a bare example.com does not
    [InlineData("example.com", TlsPolicy.None)]
    [InlineData("deep.secure.example.com", TlsPolicy.Verify)] // the nearest .parent wins
    [InlineData("other.test", TlsPolicy.May)]              // the default
    public void Policy_lookup_follows_postfix_sub_domain_semantics(string domain, TlsPolicy expected)
    {
        var map = Map("may", ("example.org", "verify"), (".example.org", "encrypt"), ("example.com", "none"),
            (".secure.example.com", "verify"), (".com", "may"));
        Assert.Equal(expected, map.For(domain));
    }

    [Fact]
    public void A_dot_domain_entry_does_not_cover_the_domain_itself()
    {
        var map = Map("none", (".example.net", "verify"));
        Assert.Equal(TlsPolicy.None, map.For("example.net"));
        Assert.Equal(TlsPolicy.Verify, map.For("mail.example.net"));
    }

    [Fact]
    public void Policies_are_ordered_weakest_to_strongest()
    {
        Assert.True(TlsPolicy.None < TlsPolicy.May && TlsPolicy.May < TlsPolicy.Encrypt && TlsPolicy.Encrypt < TlsPolicy.Verify);
    }

    [Fact]
    public void Unknown_policy_words_fail_validation()
    {
        var options = new TlsPolicyOptions { Default = "secure", Domains = { ["example.org"] = "dane" } };
        var result = new TlsPolicyOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains("secure", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("dane", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_routes_and_dns_server_fail_validation()
    {
        var options = new DeliveryOptions { Routes = { ["*"] = "smarthost:notaport" }, DnsServer = "dns.example" };
        var result = new DeliveryOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains("Routes", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("DnsServer", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("relay.example:587", "relay.example", 587)]
    [InlineData("relay.example", "relay.example", 25)]
    [InlineData("127.0.0.1:2525", "127.0.0.1", 2525)]
    [InlineData("[::1]:2526", "::1", 2526)]
    public void Route_targets_parse_as_host_and_port(string text, string host, int port)
    {
        Assert.True(RouteEndpoint.TryParse(text, out var endpoint));
        Assert.Equal(new RouteEndpoint(host, port), endpoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("::1:25")]
    public void Malformed_route_targets_are_rejected(string text) => Assert.False(RouteEndpoint.TryParse(text, out _));

    [Fact]
    public void Backoff_doubles_from_five_minutes_up_to_four_hours()
    {
        var schedule = new BackoffSchedule(TimeSpan.FromMinutes(5), TimeSpan.FromHours(4), TimeSpan.FromDays(5));
        Assert.Equal(TimeSpan.FromMinutes(5), schedule.DelayAfter(1));
        Assert.Equal(TimeSpan.FromMinutes(10), schedule.DelayAfter(2));
        Assert.Equal(TimeSpan.FromMinutes(160), schedule.DelayAfter(6));
        Assert.Equal(TimeSpan.FromHours(4), schedule.DelayAfter(7));
        Assert.Equal(TimeSpan.FromHours(4), schedule.DelayAfter(500));
    }

    [Fact]
    public void A_message_expires_after_its_lifetime()
    {
        var schedule = new BackoffSchedule(TimeSpan.FromMinutes(5), TimeSpan.FromHours(4), TimeSpan.FromDays(5));
        var received = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.False(schedule.IsExpired(received, received.AddDays(5).AddSeconds(-1)));
        Assert.True(schedule.IsExpired(received, received.AddDays(5)));
    }

    [Theory]
    [InlineData(250, "2.0.0", true, false)]
    [InlineData(451, "4.3.0", false, false)]
    [InlineData(550, "5.1.1", false, true)]
    public void Replies_are_classified_by_their_first_digit(int code, string status, bool delivered, bool permanent)
    {
        var outcome = DeliveryOutcome.FromReply(code, status, "text");
        Assert.Equal(delivered, outcome.Delivered);
        Assert.Equal(permanent, outcome.Permanent);
    }
}
