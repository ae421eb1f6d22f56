using System.Globalization;
using System.Text;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// The Public Suffix List (publicsuffix.org, shipped as config/public_suffix_list.dat and embedded in Core) and
/// its algorithm: the registrable domain is the public suffix plus one label. Both the ICANN and the private
/// sections are used, as browsers do: two customers of one hosting suffix are different organisations.
/// </summary>
public sealed class PublicSuffixList
{
    private static readonly Lazy<PublicSuffixList> EmbeddedInstance =
        new(() => Parse(EmbeddedData.ReadText("public_suffix_list.dat")));

    // One lookup per suffix: each name maps to the kinds of rule it appears in ("co.uk": a rule; "ck" of "*.ck": a
    // wildcard parent; "www.ck" of "!www.ck": an exception).
    private readonly Dictionary<string, RuleKinds>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private PublicSuffixList(Dictionary<string, RuleKinds> rules) => _lookup = rules.GetAlternateLookup<ReadOnlySpan<char>>();

    [Flags]
    private enum RuleKinds : byte
    {
        None = 0,
        Rule = 1,
        WildcardParent = 2,
        Exception = 4,
    }

    /// <summary>The list shipped in config/public_suffix_list.dat.</summary>
    public static PublicSuffixList Embedded => EmbeddedInstance.Value;

    public int RuleCount => _lookup.Dictionary.Count;

    /// <summary>Parses the list's file format (publicsuffix.org/list: one rule per line, "//" comments, "*." and "!").</summary>
    public static PublicSuffixList Parse(string listText)
    {
        ArgumentNullException.ThrowIfNull(listText);
        var rules = new Dictionary<string, RuleKinds>(StringComparer.OrdinalIgnoreCase);
        var idn = new IdnMapping();
        foreach (var rawLine in listText.Split('\n'))
        {
            var line = rawLine.AsSpan().Trim();
            var space = line.IndexOfAny(' ', '\t');
            if (space >= 0)
            {
                line = line[..space]; // The format: each line is only read up to the first whitespace.
            }

            if (line.IsEmpty || line.StartsWith("//"))
            {
                continue;
            }

            var kind = RuleKinds.Rule;
            if (line[0] == '!')
            {
                kind = RuleKinds.Exception;
                line = line[1..];
            }
            else if (line.StartsWith("*."))
            {
                kind = RuleKinds.WildcardParent;
                line = line[2..];
            }

            var rule = line.ToString();
            Add(rules, rule, kind);
            if (!Ascii.IsValid(rule))
            {
                // Received lines carry A-labels (RFC 5890): add the punycode form of each Unicode rule too.
                try
                {
                    Add(rules, idn.GetAscii(rule), kind);
                }
                catch (ArgumentException)
                {
                    // A rule IDNA rejects cannot match an A-label host either.
                }
            }
        }

        return new PublicSuffixList(rules);
    }

    private static void Add(Dictionary<string, RuleKinds> rules, string name, RuleKinds kind) =>
        rules[name] = rules.GetValueOrDefault(name) | kind;

    private RuleKinds Kinds(ReadOnlySpan<char> name) => _lookup.TryGetValue(name, out var kinds) ? kinds : RuleKinds.None;

    /// <summary>The registrable domain ("eTLD+1") of a host name, or null for suffixes, single labels and addresses.</summary>
    public string? RegistrableDomain(string? host)
    {
        if (host is null)
        {
            return null;
        }

        var span = DomainName.Trim(host.AsSpan());
        var start = RegistrableStart(span);
        return start < 0 ? null : span[start..].ToString().ToLowerInvariant();
    }

    /// <summary>True when both hosts have the same registrable domain.</summary>
    public bool SameRegistrableDomain(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return false;
        }

        var x = DomainName.Trim(a.AsSpan());
        var y = DomainName.Trim(b.AsSpan());
        var xs = RegistrableStart(x);
        var ys = RegistrableStart(y);
        return xs >= 0 && ys >= 0 && x[xs..].Equals(y[ys..], StringComparison.OrdinalIgnoreCase);
    }

    private int RegistrableStart(ReadOnlySpan<char> host)
    {
        // RFC 1035 §2.3.4: at most 253 characters and no empty label.
        if (host.IsEmpty || host.Length > 253 || host.IndexOf('.') <= 0 || host[^1] == '.' || host.Contains("..", StringComparison.Ordinal)
            || host.Contains(':') || host.Contains('['))
        {
            return -1;
        }

        if (IpLiteral.TryParse(host, out _))
        {
            return -1;
        }

        // Walk suffixes from the longest: the first rule that matches is the prevailing one (publicsuffix.org/list
        // "Algorithm"); exception rules are longer than the wildcard they carve out, so they are met first.
        int suffixStart;
        var labelStart = 0;
        while (true)
        {
            var suffix = host[labelStart..];
            var nextDot = suffix.IndexOf('.');
            var parent = nextDot < 0 ? [] : suffix[(nextDot + 1)..];
            var kinds = Kinds(suffix);
            if (nextDot >= 0 && (kinds & RuleKinds.Exception) != 0)
            {
                suffixStart = labelStart + nextDot + 1;
                break;
            }

            if ((kinds & RuleKinds.Rule) != 0 || (nextDot >= 0 && (Kinds(parent) & RuleKinds.WildcardParent) != 0))
            {
                suffixStart = labelStart;
                break;
            }

            if (nextDot < 0)
            {
                suffixStart = labelStart; // The default rule "*": the last label is the public suffix.
                break;
            }

            labelStart += nextDot + 1;
        }

        if (suffixStart <= 0)
        {
            return -1; // The host is itself a public suffix.
        }

        // The registrable domain is the label just before the suffix plus the suffix.
        var before = host[..(suffixStart - 1)];
        var dot = before.LastIndexOf('.');
        return dot + 1;
    }
}
