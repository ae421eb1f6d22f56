using System.Globalization;
using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Core.Tests.Hops;

/// <summary>Runs every dialect fixture and checks every extracted field and the judgement of its topmost hop.</summary>
public sealed class DialectFixtureTests
{
    // Every field of the contract's hop object: a fixture must state each one.
    private static readonly string[] Fields =
    [
        "helo", "rdns", "ip", "by", "via", "with", "id", "for", "date",
        "tls.version", "tls.versionRaw", "tls.cipher", "tls.bits", "tls.verify", "stampedBy", "security",
    ];

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in ReceivedFixture.Files())
        {
            foreach (var fixture in ReceivedFixture.Load(file))
            {
                data.Add(fixture.File, fixture.Number);
            }
        }

        return data;
    }

    [Fact]
    public void There_is_one_fixture_file_for_each_of_at_least_fifteen_dialects()
    {
        var files = ReceivedFixture.Files().ToList();
        Assert.True(files.Count >= 15, $"only {files.Count} dialect fixture files");
        Assert.All(files, file => Assert.NotEmpty(ReceivedFixture.Load(file)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_fixture_line_yields_every_documented_field_and_its_judgement(string file, int number)
    {
        var fixture = ReceivedFixture.Load(Path.Combine(ReceivedFixture.Directory, file))[number];
        var observed = fixture.Expect.TryGetValue("observedHops", out var o) && o is not null ? int.Parse(o, CultureInfo.InvariantCulture) : 0;
        var hop = HopAnalyzer.Default.Analyze(fixture.Headers, observed).Hops[0];

        var actual = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["helo"] = hop.From.Helo,
            ["rdns"] = hop.From.Rdns,
            ["ip"] = hop.From.Ip,
            ["by"] = hop.By,
            ["via"] = hop.Via,
            ["with"] = hop.With,
            ["id"] = hop.Id,
            ["for"] = hop.For,
            ["date"] = hop.Date is { } date ? HopJson.FormatDate(date) : null,
            ["tls.version"] = hop.Tls?.Version,
            ["tls.versionRaw"] = hop.Tls?.VersionRaw,
            ["tls.cipher"] = hop.Tls?.Cipher,
            ["tls.bits"] = hop.Tls?.Bits?.ToString(CultureInfo.InvariantCulture),
            ["tls.verify"] = hop.Tls?.Verify,
            ["tls"] = hop.Tls is null ? null : "present",
            ["stampedBy"] = hop.StampedBy,
            ["security"] = hop.Security,
            ["parsed"] = hop.Parsed ? "true" : "false",
        };

        var missing = Fields.Where(f => !fixture.Expect.ContainsKey(f)).ToList();
        Assert.True(missing.Count == 0, $"{fixture} does not state: {string.Join(", ", missing)}");
        var wrong = fixture.Expect
            .Where(e => e.Key is not ("observedHops" or "reason"))
            .Where(e => !actual.TryGetValue(e.Key, out var value) || value != e.Value)
            .Select(e => $"{e.Key}: expected {e.Value ?? "null"}, got {(actual.TryGetValue(e.Key, out var v) ? v ?? "null" : "(no such field)")}")
            .ToList();
        Assert.True(wrong.Count == 0, $"{fixture} ({fixture.Title}):\n  " + string.Join("\n  ", wrong) + $"\n  reason: {hop.Reason}");
        if (fixture.Expect.TryGetValue("reason", out var reason) && reason is not null)
        {
            Assert.Contains(reason, hop.Reason, StringComparison.OrdinalIgnoreCase);
        }
    }
}
