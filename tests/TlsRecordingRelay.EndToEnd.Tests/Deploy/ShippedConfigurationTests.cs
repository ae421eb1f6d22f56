using System.Reflection;
using System.Text.Json;
using TlsRecordingRelay.Delivery;
using TlsRecordingRelay.Delivery.Policy;
using TlsRecordingRelay.Http;
using TlsRecordingRelay.Milter;
using TlsRecordingRelay.Smtp;
using TlsRecordingRelay.Storage;

namespace TlsRecordingRelay.EndToEnd.Tests.Deploy;

/// <summary>config/appsettings.json is the reference of every key: nothing missing, nothing that the code does not read.</summary>
public sealed class ShippedConfigurationTests
{
    /// <summary>The options classes bound from a section of the same name.</summary>
    private static readonly (string Section, Type Options)[] BoundSections =
    [
        (StorageOptions.SectionName, typeof(StorageOptions)),
        (SmtpOptions.SectionName, typeof(SmtpOptions)),
        (RelayOptions.SectionName, typeof(RelayOptions)),
        (DeliveryOptions.SectionName, typeof(DeliveryOptions)),
        (TlsPolicyOptions.SectionName, typeof(TlsPolicyOptions)),
        (MilterOptions.SectionName, typeof(MilterOptions)),
        (HttpOptions.SectionName, typeof(HttpOptions)),
    ];

    /// <summary>Keys read without an options class (RelayHost, Database, AnalysisSettings), and the logging section.</summary>
    private static readonly string[] DirectlyReadKeys =
    [
        "ConnectionStrings:Reports", "Smtp:Enabled", "Analysis:TrustedNetworks", "Analysis:TrustedHosts", "Logging:LogLevel",
    ];

    private static readonly HashSet<string> Documented = DocumentedKeys();

    [Fact]
    public void Every_bindable_option_is_documented_in_the_shipped_file()
    {
        var missing = Bindable().Concat(DirectlyReadKeys).Where(key => !Documented.Contains(key)).ToList();

        Assert.True(missing.Count == 0, "not in config/appsettings.json: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_documented_key_is_read_by_the_relay()
    {
        var known = Bindable().Concat(DirectlyReadKeys).ToHashSet(StringComparer.Ordinal);

        var unknown = Documented.Where(key => !known.Contains(key)).ToList();

        Assert.True(unknown.Count == 0, "documented but never read: " + string.Join(", ", unknown));
    }

    private static IEnumerable<string> Bindable() =>
        BoundSections.SelectMany(s => s.Options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic)
            .Select(p => s.Section + ":" + p.Name));

    /// <summary>"Section:Key" for every key of every top-level section (values, even objects and arrays, are not descended into).</summary>
    private static HashSet<string> DocumentedKeys()
    {
        using var document = JsonDocument.Parse(
            RepositoryFiles.Read("config/appsettings.json"),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return document.RootElement.EnumerateObject()
            .SelectMany(section => section.Value.EnumerateObject().Select(key => section.Name + ":" + key.Name))
            .ToHashSet(StringComparer.Ordinal);
    }
}
