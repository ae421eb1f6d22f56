using System.Text.Json;
using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Core.Tests.Hops;

/// <summary>The analyze --json object is a contract (DESIGN.md "Contracts"): names, order, nulls and formats.</summary>
public sealed class HopJsonTests
{
    private static readonly string[] HopKeys =
    [
        "index", "from", "by", "via", "with", "id", "for", "date", "tls", "stampedBy", "security", "reason", "delaySeconds", "observed", "parsed",
    ];

    [Fact]
    public void The_analysis_has_the_contract_shape_with_our_additions()
    {
        using var document = JsonDocument.Parse(HopJson.Serialize(HopAnalyzer.Default.Analyze(SeedExampleTests.HeaderBlock)));
        var root = document.RootElement;
        Assert.Equal(["verdict", "verdictReason", "plaintextHop", "hops"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("plaintext", root.GetProperty("verdict").GetString());
        Assert.Equal(4, root.GetProperty("plaintextHop").GetInt32());

        var hops = root.GetProperty("hops").EnumerateArray().ToList();
        Assert.Equal(6, hops.Count);
        Assert.All(hops, hop => Assert.Equal(HopKeys, hop.EnumerateObject().Select(p => p.Name)));

        var hop3 = hops[3];
        Assert.Equal(["helo", "rdns", "ip"], hop3.GetProperty("from").EnumerateObject().Select(p => p.Name));
        Assert.Equal("2019-08-19T14:41:19Z", hop3.GetProperty("date").GetString());
        Assert.Equal(1.0, hop3.GetProperty("delaySeconds").GetDouble());
        Assert.False(hop3.GetProperty("observed").GetBoolean());
        var tls = hop3.GetProperty("tls");
        Assert.Equal(["version", "versionRaw", "cipher", "bits", "verify"], tls.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, tls.GetProperty("version").ValueKind);
        Assert.Equal("TLSv1/SSLv3", tls.GetProperty("versionRaw").GetString());
        Assert.Equal(256, tls.GetProperty("bits").GetInt32());

        var hop4 = hops[4];
        Assert.Equal(JsonValueKind.Null, hop4.GetProperty("tls").ValueKind);
        Assert.Equal(JsonValueKind.Null, hop4.GetProperty("via").ValueKind);
        Assert.Equal(JsonValueKind.Null, hops[5].GetProperty("delaySeconds").ValueKind);
    }

    [Fact]
    public void The_hops_array_alone_is_what_a_report_row_stores()
    {
        var analysis = HopAnalyzer.Default.Analyze(SeedExampleTests.HeaderBlock);
        using var document = JsonDocument.Parse(HopJson.SerializeHops(analysis.Hops));
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        Assert.Equal(6, document.RootElement.GetArrayLength());
    }

    [Fact]
    public void A_file_name_comes_first_for_json_lines()
    {
        var line = HopJson.Serialize(HopAnalyzer.Default.Analyze(SeedExampleTests.HeaderBlock), indented: false, file: "a.eml");
        Assert.DoesNotContain('\n', line);
        using var document = JsonDocument.Parse(line);
        Assert.Equal("file", document.RootElement.EnumerateObject().First().Name);
    }

    [Fact]
    public void Lone_surrogates_in_input_do_not_break_serialisation()
    {
        var analysis = HopAnalyzer.Default.AnalyzeFields(["from a\uD800b by c\uDC00d; Fri, 12 Jan 2024 09:41:19 +0000"]);
        using var document = JsonDocument.Parse(HopJson.Serialize(analysis));
        Assert.Equal("c\uFFFDd", document.RootElement.GetProperty("hops")[0].GetProperty("by").GetString());
    }
}
