using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TlsRecordingRelay.Core.Delivery;
using TlsRecordingRelay.Delivery.Policy;
using TlsRecordingRelay.Delivery.Routing;
using TlsRecordingRelay.Delivery.Sending;
using TlsRecordingRelay.Delivery.Workers;

namespace TlsRecordingRelay.Delivery.Tests;

/// <summary>The delivery services as <c>AddDelivery</c> registers them, from an in-memory configuration, without a queue.</summary>
internal sealed class DeliveryServices : IDisposable
{
    private readonly ServiceProvider _provider;

    public DeliveryServices(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Delivery:HeloName"] = "relay.test" })
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddDelivery(configuration);
        _provider = services.BuildServiceProvider();
        // What ValidateOnStart would do when a host starts.
        _ = _provider.GetRequiredService<IOptions<DeliveryOptions>>().Value;
        _ = _provider.GetRequiredService<IOptions<TlsPolicyOptions>>().Value;
    }

    public SmtpSender Sender => _provider.GetRequiredService<SmtpSender>();

    public RouteResolver Routes => _provider.GetRequiredService<RouteResolver>();

    public TlsPolicyMap Policies => _provider.GetRequiredService<TlsPolicyMap>();

    /// <summary>Resolves the route and policy of each recipient's domain and delivers, as a worker would.</summary>
    public async Task<IReadOnlyList<DeliveryAttempt>> DeliverAsync(ClaimedMessage message)
    {
        var domain = DomainMatcher.DomainOf(message.Recipients[0].Address);
        var plan = await Routes.ResolveAsync(domain, CancellationToken.None);
        var attempts = new List<DeliveryAttempt>();
        await foreach (var (_, item) in Sender.DeliverAsync(plan, Policies.For(domain), [new GroupItem(message, message.Recipients)], "relay.test", CancellationToken.None))
        {
            attempts.AddRange(item);
        }

        return attempts;
    }

    /// <summary>Delivers a simple message from alice@sender.test to one recipient; returns its attempt.</summary>
    public async Task<DeliveryAttempt> DeliverOneAsync(string recipient = "bob@example.test") =>
        Assert.Single(await DeliverAsync(TestMessages.Claimed(TestMessages.Simple(), "alice@sender.test", recipient)));

    public void Dispose() => _provider.Dispose();
}
