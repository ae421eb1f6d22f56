namespace TlsRecordingRelay.EndToEnd.Tests.Deploy;

/// <summary>deploy/Dockerfile as instructions (continuation lines joined, comments dropped) and its ENV values.</summary>
internal sealed class Dockerfile
{
    public const string RepositoryPath = "deploy/Dockerfile";

    public Dockerfile(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<(string, string)> instructions = [];
        var pending = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#'))
            {
                continue;
            }

            pending += line.EndsWith('\\') ? line[..^1] + " " : line;
            if (line.EndsWith('\\') || pending.Length == 0)
            {
                continue;
            }

            var space = pending.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add((pending[..space].ToUpperInvariant(), pending[(space + 1)..].Trim()));
            pending = string.Empty;
        }

        Instructions = instructions;
        Environment = instructions.Where(i => i.Item1 == "ENV")
            .SelectMany(i => i.Item2.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
    }

    public static Dockerfile Shipped { get; } = new(RepositoryFiles.Read(RepositoryPath));

    /// <summary>(INSTRUCTION, arguments) in order.</summary>
    public IReadOnlyList<(string Instruction, string Arguments)> Instructions { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public IEnumerable<string> All(string instruction) =>
        Instructions.Where(i => i.Instruction == instruction).Select(i => i.Arguments);

    /// <summary>A container port the image configures (from its ENV), as an int.</summary>
    public int Port(string variable) => variable == "Http__Urls"
        ? new Uri(Environment[variable].Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port
        : int.Parse(Environment[variable], System.Globalization.CultureInfo.InvariantCulture);
}
