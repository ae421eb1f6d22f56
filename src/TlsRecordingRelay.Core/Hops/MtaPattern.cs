namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// A tiny, linear pattern language for the knowledge base (no regex, so nothing can backtrack): text matches
/// case-insensitively, <c>#</c> matches one or more ASCII digits, a leading <c>^</c> anchors at the start.
/// Example: <c>^#.#.#/</c> is sendmail's <c>(8.14.4/8.13.8)</c>.
/// </summary>
internal sealed class MtaPattern
{
    // Patterns look at the start of what they test; longer texts are cut so matching stays cheap.
    private const int MaxInput = 256;

    private readonly string _pattern;
    private readonly bool _anchored;

    public MtaPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        _anchored = pattern[0] == '^';
        _pattern = _anchored ? pattern[1..] : pattern;
    }

    public override string ToString() => (_anchored ? "^" : string.Empty) + _pattern;

    public bool IsMatch(ReadOnlySpan<char> input)
    {
        if (input.Length > MaxInput)
        {
            input = input[..MaxInput];
        }

        if (_anchored)
        {
            return MatchesAt(input);
        }

        if (_pattern.Contains('#'))
        {
            for (var start = 0; start < input.Length; start++)
            {
                if (MatchesAt(input[start..]))
                {
                    return true;
                }
            }

            return false;
        }

        return input.Contains(_pattern, StringComparison.OrdinalIgnoreCase);
    }

    private bool MatchesAt(ReadOnlySpan<char> input)
    {
        var i = 0;
        foreach (var p in _pattern)
        {
            if (p == '#')
            {
                var digits = 0;
                while (i < input.Length && char.IsAsciiDigit(input[i]))
                {
                    i++;
                    digits++;
                }

                if (digits == 0)
                {
                    return false;
                }
            }
            else if (i < input.Length && char.ToUpperInvariant(input[i]) == char.ToUpperInvariant(p))
            {
                i++;
            }
            else
            {
                return false;
            }
        }

        return true;
    }
}
