using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Core.Tests.Hops;

/// <summary>
/// Regression cases from fuzzing (README.md "Fuzzing"): every input fuzz/run.sh kept in Fixtures/Fuzz — the
/// inputs covering the most analyzer edges, and any crash or hang it ever found — keeps the analyzer's contract.
/// </summary>
public sealed class FuzzCorpusTests
{
    private static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Fuzz");

    public static TheoryData<string> Corpus() =>
        new(System.IO.Directory.EnumerateFiles(Directory).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Fuzz_corpus_input_keeps_the_analyzer_contract_and_analyses_the_same_twice(string file)
    {
        var input = File.ReadAllBytes(Path.Combine(Directory, file));

        var (latin1, _) = AnalyzerContract.Check(input);

        // Pure (HopAnalyzer's summary): the same input gives the same document, whatever ran before it.
        var again = HopAnalyzer.Default.Analyze(System.Text.Encoding.Latin1.GetString(input), input.Length % 3);
        Assert.Equal(HopJson.Serialize(latin1), HopJson.Serialize(again));
    }
}
