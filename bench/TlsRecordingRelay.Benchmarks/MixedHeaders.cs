namespace TlsRecordingRelay.Benchmarks;

/// <summary>
/// The benchmark's input: every header block of the Core tests' dialect fixtures (20 dialects, real-world
/// layouts) plus issue 3's six-hop seed chain, so the mix has single lines and long chains.
/// </summary>
internal static class MixedHeaders
{
    public static IReadOnlyList<string> Load()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        var blocks = new List<string> { File.ReadAllText(Path.Combine(directory, "issue-3-seed.eml")) };
        foreach (var file in Directory.EnumerateFiles(directory, "*.txt").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal);
            foreach (var block in text.Split("\n===\n"))
            {
                var headers = block.Split("\n--- expect\n")[0].Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#'));
                blocks.Add(string.Join("\r\n", headers) + "\r\n");
            }
        }

        return blocks;
    }
}
