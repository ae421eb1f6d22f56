namespace TlsRecordingRelay.EndToEnd.Tests.Deploy;

/// <summary>A systemd unit file read as "Section" → key → values (a key may repeat, e.g. Environment=).</summary>
internal sealed class UnitFile
{
    private readonly Dictionary<string, Dictionary<string, List<string>>> _sections = new(StringComparer.Ordinal);

    public UnitFile(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Dictionary<string, List<string>>? section = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                section = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                _sections[line.Trim('[', ']')] = section;
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(section is not null && equals > 0, "not a unit file line: " + line);
            var key = line[..equals];
            if (!section.TryGetValue(key, out var values))
            {
                section[key] = values = [];
            }

            values.Add(line[(equals + 1)..]);
        }
    }

    public IReadOnlyList<string> All(string section, string key) =>
        _sections.TryGetValue(section, out var keys) && keys.TryGetValue(key, out var values) ? values : [];

    /// <summary>The last value of a key (systemd: a later assignment wins), or null.</summary>
    public string? Last(string section, string key) => All(section, key) is [.., var last] ? last : null;
}
