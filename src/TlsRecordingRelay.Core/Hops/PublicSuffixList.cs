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

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _rulesLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _wildcardsLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _exceptionsLookup;

    private PublicSuffixList(HashSet<string> rules, HashSet<string> wildcards, HashSet<string> exceptions)
    {
        _rulesLookup = rules.GetAlternateLookup<ReadOnlySpan<char>>();
        _wildcardsLookup = wildcards.GetAlternateLookup<ReadOnlySpan<char>>();
        _exceptionsLookup = exceptions.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The list shipped in config/public_suffix_list.dat.</summary>
    public static PublicSuffixList Embedded => EmbeddedInstance.Value;

    public int RuleCount => _rulesLookup.Set.Count + _wildcardsLookup.Set.Count + _exceptionsLookup.Set.Count;

    /// <summary>Parses the list's file format (publicsuffix.org/list: one rule per line, "//" comments, "*." and "!").</summary>
    public static PublicSuffixList Parse(string listText)
    {
        ArgumentNullException.ThrowIfNull(listText);
        var rules = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var wildcards = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var exceptions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
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

            var set = rules;
            if (line[0] == '!')
            {
                set = exceptions;
                line = line[1..];
            }
            else if (line.StartsWith("*."))
            {
                set = wildcards;
                line = line[2..];
            }

            var rule = line.ToString();
            set.Add(rule);
            if (!Ascii.IsValid(rule))
            {
                // Received lines carry A-labels (RFC 5890): add the punycode form of each Unicode rule too.
                try
                {
                    set.Add(idn.GetAscii(rule));
                }
                catch (ArgumentException)
                {
                    // A rule IDNA rejects cannot match an A-label host either.
                }
            }
        }

        return new PublicSuffixList(rules, wildcards, exceptions);
    }

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
            if (nextDot >= 0 && _exceptionsLookup.Contains(suffix))
            {
                suffixStart = labelStart + nextDot + 1;
                break;
            }

            if (_rulesLookup.Contains(suffix) || (nextDot >= 0 && _wildcardsLookup.Contains(parent)))
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
