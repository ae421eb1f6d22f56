using System.Text.Json;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// Which MTA families record TLS whenever they use it (config/mta-knowledge.json, embedded in Core): the line
/// between "plaintext" and "unknown" for a hop whose Received line records no TLS. First matching entry wins.
/// </summary>
public sealed class MtaKnowledgeBase
{
    private static readonly Lazy<MtaKnowledgeBase> EmbeddedInstance =
        new(() => Parse(EmbeddedData.ReadText("mta-knowledge.json")));

    private readonly MtaFamily[] _families;

    public MtaKnowledgeBase(IEnumerable<MtaFamily> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        _families = [.. families];
    }

    /// <summary>The knowledge base shipped in config/mta-knowledge.json.</summary>
    public static MtaKnowledgeBase Embedded => EmbeddedInstance.Value;

    public IReadOnlyList<MtaFamily> Families => _families;

    /// <summary>Reads the documented JSON format; throws <see cref="FormatException"/> naming the bad entry.</summary>
    public static MtaKnowledgeBase Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!document.RootElement.TryGetProperty("families", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("The MTA knowledge base needs a \"families\" array.");
        }

        var families = new List<MtaFamily>();
        foreach (var entry in list.EnumerateArray())
        {
            var name = entry.TryGetProperty("name", out var n) ? n.GetString() : null;
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new FormatException("Every MTA knowledge base entry needs a \"name\".");
            }

            if (!entry.TryGetProperty("evidence", out var evidence) || string.IsNullOrWhiteSpace(evidence.GetString()))
            {
                throw new FormatException($"MTA knowledge base entry \"{name}\" must say what evidence it rests on.");
            }

            var match = entry.TryGetProperty("match", out var m) ? m : default;
            var family = new MtaFamily(
                name,
                entry.TryGetProperty("recordsTls", out var records) && records.GetBoolean(),
                evidence.GetString()!,
                entry.TryGetProperty("tlsForm", out var form) ? form.GetString() : null,
                Strings(match, "byHost"),
                Strings(match, "comment"),
                Strings(match, "with"),
                Strings(match, "anyComment"),
                Layout(entry, name));
            if (family.ByHost.Count + family.Comment.Count + family.With.Count + family.AnyComment.Count == 0)
            {
                throw new FormatException($"MTA knowledge base entry \"{name}\" has no \"match\" condition.");
            }

            families.Add(family);
        }

        return new MtaKnowledgeBase(families);
    }

    internal MtaFamily? Identify(ReceivedLine line)
    {
        foreach (var family in _families)
        {
            if (Matches(family, line))
            {
                return family;
            }
        }

        return null;
    }

    private static bool Matches(MtaFamily family, ReceivedLine line)
    {
        if (family.ByHost.Count > 0 && !HostMatches(line.By, family.ByHost))
        {
            return false;
        }

        if (family.WithPatterns.Length > 0 && (line.With is null || !Any(family.WithPatterns, line.With)))
        {
            return false;
        }

        if (family.CommentPatterns.Length > 0 && !CommentMatches(line, family.CommentPatterns, line.StamperStart))
        {
            return false;
        }

        return family.AnyCommentPatterns.Length == 0 || CommentMatches(line, family.AnyCommentPatterns, 0);
    }

    private static bool CommentMatches(ReceivedLine line, MtaPattern[] patterns, int from)
    {
        if (from >= line.Tokens.Count)
        {
            return false;
        }

        foreach (var comment in line.Comments(from))
        {
            if (Any(patterns, comment.Span(line.Text)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Any(MtaPattern[] patterns, ReadOnlySpan<char> text)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(text))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool HostMatches(string? host, IReadOnlyList<string> suffixes)
    {
        if (host is null)
        {
            return false;
        }

        foreach (var suffix in suffixes)
        {
            if (DomainName.IsWithin(host, suffix))
            {
                return true;
            }
        }

        return false;
    }

    private static string Layout(JsonElement entry, string name)
    {
        var layout = entry.TryGetProperty("fromLayout", out var value) ? value.GetString() : null;
        return layout switch
        {
            null => MtaFamily.HeloFirst,
            MtaFamily.HeloFirst or MtaFamily.RdnsFirst or MtaFamily.AddressFirst => layout,
            _ => throw new FormatException($"MTA knowledge base entry \"{name}\" has an unknown fromLayout \"{layout}\"."),
        };
    }

    private static string[] Strings(JsonElement match, string property)
    {
        if (match.ValueKind != JsonValueKind.Object || !match.TryGetProperty(property, out var value))
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => v.GetString()).OfType<string>().Where(s => s.Length > 0)]
            : [];
    }
}
