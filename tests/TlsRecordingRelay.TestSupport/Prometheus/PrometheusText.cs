using System.Globalization;
using System.Text;

namespace TlsRecordingRelay.TestSupport.Prometheus;

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4 (samples, <c># TYPE</c> lines): tests scrape
/// <c>/metrics</c> and read numbers back. Anything malformed throws <see cref="FormatException"/>, so a broken
/// exposition fails the test instead of reading as zero.
/// </summary>
public sealed class PrometheusText
{
    private PrometheusText(IReadOnlyList<PrometheusSample> samples, IReadOnlyDictionary<string, string> types)
    {
        Samples = samples;
        Types = types;
    }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    /// <summary>Metric family name → type (<c>counter</c>, <c>gauge</c>, <c>histogram</c> …) from the <c># TYPE</c> lines.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public static PrometheusText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                var parts = line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 4 && parts[1] == "TYPE" && !types.TryAdd(parts[2], parts[3]))
                {
                    throw new FormatException($"line {lineNumber}: a second TYPE for {parts[2]}");
                }

                continue;
            }

            samples.Add(ParseSample(line, lineNumber));
        }

        return new PrometheusText(samples, types);
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include every given pair; 0 when none.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        Matching(name, labels).Sum(s => s.Value);

    /// <summary>The samples named <paramref name="name"/> whose labels include every given pair.</summary>
    public IEnumerable<PrometheusSample> Matching(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value));

    private static PrometheusSample ParseSample(string line, int lineNumber)
    {
        var position = 0;
        while (position < line.Length && line[position] is not ('{' or ' '))
        {
            position++;
        }

        var name = line[..position];
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
        {
            throw new FormatException($"line {lineNumber}: bad metric name in '{line}'");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position = ParseLabels(line, position + 1, labels, lineNumber);
        }

        // value [timestamp]
        var rest = line[position..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is < 1 or > 2)
        {
            throw new FormatException($"line {lineNumber}: expected a value in '{line}'");
        }

        return new PrometheusSample(name, labels, ParseValue(rest[0], lineNumber));
    }

    private static int ParseLabels(string line, int position, Dictionary<string, string> labels, int lineNumber)
    {
        while (true)
        {
            if (position >= line.Length)
            {
                throw new FormatException($"line {lineNumber}: unterminated label set");
            }

            if (line[position] == '}')
            {
                return position + 1;
            }

            var equals = line.IndexOf('=', position);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
            {
                throw new FormatException($"line {lineNumber}: bad label at column {position}");
            }

            var key = line[position..equals];
            var value = new StringBuilder();
            position = equals + 2;
            while (true)
            {
                if (position >= line.Length)
                {
                    throw new FormatException($"line {lineNumber}: unterminated label value");
                }

                var c = line[position++];
                if (c == '"')
                {
                    break;
                }

                if (c == '\\')
                {
                    // The format escapes exactly backslash, double quote and line feed.
                    value.Append(position < line.Length ? line[position++] switch
                    {
                        'n' => '\n',
                        '\\' => '\\',
                        '"' => '"',
                        var other => throw new FormatException($"line {lineNumber}: bad escape \\{other}"),
                    } : throw new FormatException($"line {lineNumber}: dangling escape"));
                    continue;
                }

                value.Append(c);
            }

            if (!labels.TryAdd(key, value.ToString()))
            {
                throw new FormatException($"line {lineNumber}: label {key} twice");
            }

            if (position < line.Length && line[position] == ',')
            {
                position++;
            }
        }
    }

    private static double ParseValue(string text, int lineNumber) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new FormatException($"line {lineNumber}: bad value '{text}'"),
    };
}
