using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TlsRecordingRelay.Core.Delivery;
using TlsRecordingRelay.Delivery.Policy;

namespace TlsRecordingRelay.Delivery.Tests;

public sealed class ConfigurationTests
{
    private static string ShippedSettings()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "config", "appsettings.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("config/appsettings.json above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void The_shipped_configuration_binds_and_validates_with_the_documented_defaults()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(ShippedSettings()).Build();
        using var provider = new ServiceCollection().AddLogging().AddDelivery(configuration).BuildServiceProvider();

        var delivery = provider.GetRequiredService<IOptions<DeliveryOptions>>().Value;
        var policy = provider.GetRequiredService<IOptions<TlsPolicyOptions>>().Value;

        Assert.Equal(8, delivery.Workers);
        Assert.Equal(TimeSpan.FromMinutes(5), delivery.InitialBackoff);
        Assert.Equal(TimeSpan.FromHours(4), delivery.MaximumBackoff);
        Assert.Equal(TimeSpan.FromDays(5), delivery.MaximumLifetime);
        Assert.Equal("may", policy.Default);
        Assert.Equal(TlsPolicy.May, provider.GetRequiredService<TlsPolicyMap>().For("anything.example"));
    }

    [Fact]
    public void A_bad_policy_word_stops_startup()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["TlsPolicy:Domains:example.org"] = "secure" })
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddDelivery(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TlsPolicyOptions>>().Value);
        Assert.Contains("secure", error.Message, StringComparison.Ordinal);
    }
}
