namespace TlsRecordingRelay.Core.Tests.Hops;

/// <summary>
/// One case of a dialect fixture file (Fixtures/Received/*.txt). A file holds cases separated by lines of
/// "===". Each case is "#" comment lines (the source of the format), the header lines (newest first; expectations
/// are about the topmost), a "--- expect" line, then "key: value" lines ("null" for an absent value).
/// </summary>
public sealed record ReceivedFixture(string File, int Number, string Title, string Headers, IReadOnlyDictionary<string, string?> Expect)
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Received");

    public static IEnumerable<string> Files() => System.IO.Directory.EnumerateFiles(Directory, "*.txt").Order(StringComparer.Ordinal);

    public static IReadOnlyList<ReceivedFixture> Load(string path)
    {
        var name = Path.GetFileName(path);
        var cases = new List<ReceivedFixture>();
        var text = System.IO.File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var number = 0;
        foreach (var block in text.Split("\n===\n"))
        {
            if (string.IsNullOrWhiteSpace(block))
            {
                continue;
            }

            var parts = block.Split("\n--- expect\n");
            if (parts.Length != 2)
            {
                throw new FormatException($"{name} case {number}: needs exactly one '--- expect' line.");
            }

            var lines = parts[0].Split('\n');
            var title = string.Join(" ", lines.Where(l => l.StartsWith('#')).Select(l => l.TrimStart('#').Trim()));
            var headers = string.Join("\r\n", lines.Where(l => !l.StartsWith('#') && l.Length > 0)) + "\r\n";
            var expect = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var line in parts[1].Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    throw new FormatException($"{name} case {number}: expectation '{line}' is not 'key: value'.");
                }

                var value = line[(colon + 1)..].Trim();
                expect.Add(line[..colon].Trim(), value == "null" ? null : value);
            }

            cases.Add(new ReceivedFixture(name, number++, title, headers, expect));
        }

        return cases;
    }

    public override string ToString() => $"{File} #{Number}";
}
