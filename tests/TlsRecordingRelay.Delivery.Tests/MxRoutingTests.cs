using System.Net;
using TlsRecordingRelay.TestSupport.Dns;
using TlsRecordingRelay.TestSupport.Smtp;

namespace TlsRecordingRelay.Delivery.Tests;

/// <summary>MX lookup through a test DNS server: preference order, fallback, null MX, implicit MX, failures.</summary>
public sealed class MxRoutingTests
{
    // 127.0.0.0/8 is all loopback on Linux: 127.0.0.3 has nothing listening, so connecting there is refused.
    private static readonly IPAddress Dead = IPAddress.Parse("127.0.0.3");

    private static DeliveryServices Services(TestDnsServer dns, int smtpPort) => new(new Dictionary<string, string?>
    {
        ["Delivery:DnsServer"] = dns.EndPoint.ToString(),
        ["Delivery:SmtpPort"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["TlsPolicy:Default"] = "may",
    });

    [Fact]
    public async Task Mx_hosts_are_tried_in_preference_order()
    {
        await using var dns = new TestDnsServer()
            .AddMx("example.test", 20, "mx2.example.test")
            .AddMx("example.test", 10, "mx1.example.test")
            .AddAddress("mx1.example.test", IPAddress.Loopback)
            .AddAddress("mx2.example.test", Dead);
        await using var sink = new LoopbackSmtpSink();
        using var services = Services(dns, sink.Port);

        var plan = await services.Routes.ResolveAsync("example.test", CancellationToken.None);
        Assert.Equal(["mx1.example.test", "mx2.example.test"], plan.Hops.Select(h => h.Host));

        var attempt = await services.DeliverOneAsync("bob@example.test");
        Assert.True(attempt.Outcome.Delivered, attempt.Outcome.Detail);
        Assert.Equal("mx1.example.test", attempt.Host);
        Assert.Equal("mx:example.test", attempt.Route);
    }

    [Fact]
    public async Task When_the_best_mx_refuses_connections_the_next_one_gets_the_mail()
    {
        await using var dns = new TestDnsServer()
            .AddMx("example.test", 10, "mx1.example.test")
            .AddMx("example.test", 20, "mx2.example.test")
            .AddAddress("mx1.example.test", Dead)
            .AddAddress("mx2.example.test", IPAddress.Loopback);
        await using var sink = new LoopbackSmtpSink();
        using var services = Services(dns, sink.Port);

        var attempt = await services.DeliverOneAsync("bob@example.test");

        Assert.True(attempt.Outcome.Delivered, attempt.Outcome.Detail);
        Assert.Equal("mx2.example.test", attempt.Host);
        Assert.Single(sink.Messages);
    }

    [Fact]
    public async Task When_every_mx_is_unreachable_the_recipient_is_deferred_with_4_4_1()
    {
        await using var dns = new TestDnsServer()
            .AddMx("example.test", 10, "mx1.example.test")
            .AddAddress("mx1.example.test", Dead);
        await using var sink = new LoopbackSmtpSink();
        using var services = Services(dns, sink.Port);

        var attempt = await services.DeliverOneAsync("bob@example.test");

        Assert.False(attempt.Outcome.Permanent);
        Assert.Equal("4.4.1", attempt.Outcome.EnhancedStatus);
        Assert.NotNull(attempt.Error);
    }

    [Fact]
    public async Task A_null_mx_bounces_at_once_with_5_1_10()
    {
        await using var dns = new TestDnsServer().AddMx("nomail.test", 0, ".");
        await using var sink = new LoopbackSmtpSink();
        using var services = Services(dns, sink.Port);

        var attempt = await services.DeliverOneAsync("bob@nomail.test");

        Assert.True(attempt.Outcome.Permanent);
        Assert.Equal("5.1.10", attempt.Outcome.EnhancedStatus);
        Assert.Equal(556, attempt.Outcome.ReplyCode);
        Assert.Equal(0, sink.Sessions);
    }

    [Fact]
    public async Task A_domain_without_mx_is_its_own_mail_host()
    {
        await using var dns = new TestDnsServer().AddAddress("plain.test", IPAddress.Loopback);
        await using var sink = new LoopbackSmtpSink();
        using var services = Services(dns, sink.Port);

        var attempt = await services.DeliverOneAsync("bob@plain.test");

        Assert.True(attempt.Outcome.Delivered, attempt.Outcome.Detail);
        Assert.Equal("plain.test", attempt.Host);
    }

    [Fact]
    public async Task A_nonexistent_domain_bounces_and_a_failing_dns_server_defers()
    {
        await using var dns = new TestDnsServer().AddServerFailure("broken.test");
        await using var sink = new LoopbackSmtpSink();
        using var services = Services(dns, sink.Port);

        var missing = await services.Routes.ResolveAsync("missing.test", CancellationToken.None);
        var broken = await services.Routes.ResolveAsync("broken.test", CancellationToken.None);

        Assert.True(missing.Failure?.Permanent);
        Assert.Equal("5.1.2", missing.Failure?.EnhancedStatus);
        Assert.False(broken.Failure?.Permanent);
        Assert.Equal("4.4.3", broken.Failure?.EnhancedStatus);
    }

    [Fact]
    public async Task A_configured_route_wins_over_mx()
    {
        await using var dns = new TestDnsServer().AddMx("example.test", 10, "mx1.example.test").AddAddress("mx1.example.test", Dead);
        await using var sink = new LoopbackSmtpSink();
        using var services = new DeliveryServices(new Dictionary<string, string?>
        {
            ["Delivery:DnsServer"] = dns.EndPoint.ToString(),
            ["Delivery:Routes:.example.test"] = "127.0.0.9:1",
            ["Delivery:Routes:example.test"] = $"127.0.0.1:{sink.Port}",
        });

        var plan = await services.Routes.ResolveAsync("example.test", CancellationToken.None);
        var sub = await services.Routes.ResolveAsync("a.example.test", CancellationToken.None);

        Assert.Equal("route:example.test", plan.Route);
        Assert.Equal(sink.Port, Assert.Single(plan.Hops).Port);
        Assert.Equal("route:.example.test", sub.Route);
    }
}
