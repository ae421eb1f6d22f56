using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Core.Tests.Hops;

public sealed class MtaKnowledgeBaseTests
{
    [Fact]
    public void Every_embedded_entry_states_its_evidence_and_a_condition()
    {
        var families = MtaKnowledgeBase.Embedded.Families;
        Assert.True(families.Count >= 15);
        Assert.All(families, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Evidence));
            Assert.True(f.ByHost.Count + f.Comment.Count + f.With.Count + f.AnyComment.Count > 0);
        });
        Assert.Equal(families.Count, families.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"families\":[{\"recordsTls\":true,\"evidence\":\"x\",\"match\":{\"comment\":[\"a\"]}}]}")]
    [InlineData("{\"families\":[{\"name\":\"a\",\"recordsTls\":true,\"match\":{\"comment\":[\"a\"]}}]}")]
    [InlineData("{\"families\":[{\"name\":\"a\",\"recordsTls\":true,\"evidence\":\"x\"}]}")]
    [InlineData("{\"families\":[{\"name\":\"a\",\"evidence\":\"x\",\"fromLayout\":\"sideways\",\"match\":{\"comment\":[\"a\"]}}]}")]
    public void A_knowledge_base_without_names_evidence_or_conditions_is_refused(string json) =>
        Assert.Throws<FormatException>(() => MtaKnowledgeBase.Parse(json));

    [Fact]
    public void A_custom_knowledge_base_changes_unknown_into_plaintext()
    {
        const string Field = "from a.example.org (a.example.org [203.0.113.1]) by b.example.net (ExampleMTA 2.1) with ESMTP id 1; Fri, 12 Jan 2024 09:41:19 +0000";
        Assert.Equal(HopSecurity.Unknown, HopAnalyzer.Default.AnalyzeFields([Field]).Hops[0].Security);

        var custom = MtaKnowledgeBase.Parse("{\"families\":[{\"name\":\"ExampleMTA\",\"recordsTls\":true,\"evidence\":\"its manual\",\"match\":{\"comment\":[\"^ExampleMTA #.#\"]}}]}");
        var hop = new HopAnalyzer(new HopAnalyzerSettings { KnowledgeBase = custom }).AnalyzeFields([Field]).Hops[0];
        Assert.Equal(HopSecurity.Plaintext, hop.Security);
        Assert.Equal("ExampleMTA", hop.StampedBy);
    }

    [Theory]
    [InlineData("^#.#.#/", "8.14.4/8.13.8", true)]
    [InlineData("^#.#.#/", "8.15.2/8.15.2/Submit", true)]
    [InlineData("^#.#.#/", "6.0.3790.4675", false)]
    [InlineData("^Exim #.#", "Exim 4.96", true)]
    [InlineData("^Exim #.#", "exim 4.96", true)]
    [InlineData("^Exim #.#", "Exim x", false)]
    [InlineData("Postfix", "mail (Postfix) host", true)]
    [InlineData("qmail # invoked", "qmail 123 invoked by uid 89", true)]
    public void Patterns_match_text_digits_and_anchors(string pattern, string text, bool matches) =>
        Assert.Equal(matches, new MtaPattern(pattern).IsMatch(text));
}
