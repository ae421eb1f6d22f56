using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Core.Tests.Hops;

public sealed class HopTableTests
{
    [Fact]
    public void The_table_shows_the_verdict_then_one_aligned_row_per_hop()
    {
        var lines = HopTable.Render(HopAnalyzer.Default.Analyze(SeedExampleTests.HeaderBlock)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("verdict: plaintext", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("hop", lines[1], StringComparison.Ordinal);
        Assert.Equal(8, lines.Length);
        var judgementColumn = lines[1].IndexOf("judgement", StringComparison.Ordinal);
        Assert.Equal("plaintext", lines[6].Substring(judgementColumn, 9));
        Assert.Contains("(local) → abc.luxsci.com", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void Observed_hops_are_starred_and_explained()
    {
        var text = HopTable.Render(HopAnalyzer.Default.Analyze(SeedExampleTests.HeaderBlock, observedHops: 1));
        Assert.Contains("\n0*", text, StringComparison.Ordinal);
        Assert.Contains("observed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_analysis_is_just_the_verdict() =>
        Assert.Equal("verdict: unknown — the header block holds no Received field\n", HopTable.Render(ChainAnalysis.Empty));
}
