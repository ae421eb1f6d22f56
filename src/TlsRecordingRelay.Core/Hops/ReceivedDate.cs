namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// Reads the date-time after a Received field's ';' (RFC 5322 §3.3) by hand, tolerating what real stampers
/// write: the obsolete forms of §4.3 (two-digit years, alphabetic zones, missing seconds or weekday), a zone
/// comment such as <c>(PDT)</c>, and asctime order (<c>Mon Aug 19 14:41:19 2019</c>).
/// </summary>
internal static class ReceivedDate
{
    // A date is at most weekday, day, month, year, time, zone: more words than this are not one date.
    private const int MaxWords = 7;

    /// <summary>Parses the words of <paramref name="tokens"/> from <paramref name="first"/>; comments are skipped.</summary>
    public static bool TryParse(string text, List<Token> tokens, int first, out DateTimeOffset date, out int last)
    {
        date = default;
        last = first;
        int day = 0, month = 0, year = -1, hour = -1, minute = 0, second = 0, words = 0;
        int? offsetMinutes = null;
        for (var t = first; t < tokens.Count && words < MaxWords; t++)
        {
            var token = tokens[t];
            if (token.Kind != TokenKind.Word)
            {
                if (token.Kind == TokenKind.Comment)
                {
                    continue;
                }

                break;
            }

            var word = token.Span(text);
            words++;
            if (hour < 0 && word.Contains(':') && TryTime(word, out hour, out minute, out second))
            {
                last = t;
            }
            else if (month == 0 && MonthNumber(word) is var m and > 0)
            {
                month = m;
                last = t;
            }
            else if (IsDigits(word) && word.Length <= 4)
            {
                var value = int.Parse(word, System.Globalization.CultureInfo.InvariantCulture);
                if (word.Length <= 2 && day == 0 && value is >= 1 and <= 31)
                {
                    day = value;
                }
                else if (year < 0)
                {
                    // RFC 5322 §4.3: two-digit years below 50 are 20xx, others 19xx; three digits add 1900.
                    year = word.Length switch { <= 2 => value < 50 ? 2000 + value : 1900 + value, 3 => 1900 + value, _ => value };
                }
                else
                {
                    break;
                }

                last = t;
            }
            else if (offsetMinutes is null && hour >= 0 && TryZone(word, out var zone))
            {
                offsetMinutes = zone;
                last = t;
                break;
            }
            else if (words == 1 && IsWeekday(word))
            {
                last = t;
            }
            else if (hour >= 0)
            {
                break; // Trailing words after the time that are no zone: the date ended.
            }
            else
            {
                return false;
            }
        }

        if (day == 0 || month == 0 || year is < 1900 or > 9998 || hour < 0 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        // RFC 5322 §3.3: "-0000" means the zone is unknown, so UTC is the best reading; none at all is read the same.
        var offset = TimeSpan.FromMinutes(offsetMinutes ?? 0);
        date = new DateTimeOffset(year, month, day, hour, minute, second, offset).ToUniversalTime();
        return true;
    }

    private static bool TryTime(ReadOnlySpan<char> word, out int hour, out int minute, out int second)
    {
        hour = -1;
        minute = 0;
        second = 0;
        Span<int> parts = stackalloc int[3];
        var count = 0;
        var value = -1;
        foreach (var c in word)
        {
            if (char.IsAsciiDigit(c))
            {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 99)
                {
                    return false;
                }
            }
            else if (c == ':' && value >= 0 && count < 2)
            {
                parts[count++] = value;
                value = -1;
            }
            else if (c == '.' && count == 2)
            {
                break; // Fractional seconds: not RFC 5322, but some stampers print them.
            }
            else
            {
                return false;
            }
        }

        if (value < 0 || count < 1)
        {
            return false;
        }

        parts[count++] = value;
        if (parts[0] > 23 || parts[1] > 59 || (count == 3 && parts[2] > 60))
        {
            return false;
        }

        hour = parts[0];
        minute = parts[1];
        second = count == 3 ? Math.Min(parts[2], 59) : 0; // §3.3 allows a leap second; DateTimeOffset does not.
        return true;
    }

    private static bool TryZone(ReadOnlySpan<char> word, out int minutes)
    {
        minutes = 0;
        if (word.Length == 5 && word[0] is '+' or '-' && IsDigits(word[1..]))
        {
            var hh = ((word[1] - '0') * 10) + (word[2] - '0');
            var mm = ((word[3] - '0') * 10) + (word[4] - '0');
            if (hh > 14 || mm > 59 || (hh * 60) + mm > 14 * 60)
            {
                return false; // DateTimeOffset allows ±14:00; anything beyond is not a real zone.
            }

            minutes = (word[0] == '-' ? -1 : 1) * ((hh * 60) + mm);
            return true;
        }

        // RFC 5322 §4.3 obsolete zones; military letters other than Z are read as unknown (UTC), as §4.3 advises.
        minutes = word.ToString().ToUpperInvariant() switch
        {
            "UT" or "UTC" or "GMT" or "Z" => 0,
            "EDT" => -4 * 60,
            "EST" or "CDT" => -5 * 60,
            "CST" or "MDT" => -6 * 60,
            "MST" or "PDT" => -7 * 60,
            "PST" => -8 * 60,
            _ => int.MinValue,
        };
        if (minutes == int.MinValue)
        {
            minutes = 0;
            return word.Length == 1 && char.IsAsciiLetter(word[0]);
        }

        return true;
    }

    private static int MonthNumber(ReadOnlySpan<char> word)
    {
        if (word.Length < 3)
        {
            return 0;
        }

        var prefix = word[..3];
        ReadOnlySpan<string> months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        for (var m = 0; m < months.Length; m++)
        {
            if (prefix.Equals(months[m], StringComparison.OrdinalIgnoreCase))
            {
                return m + 1;
            }
        }

        return 0;
    }

    public static bool IsWeekday(ReadOnlySpan<char> word)
    {
        if (word.Length < 3 || !char.IsAsciiLetter(word[0]))
        {
            return false;
        }

        var prefix = word[..3];
        return prefix.Equals("Mon", StringComparison.OrdinalIgnoreCase) || prefix.Equals("Tue", StringComparison.OrdinalIgnoreCase)
            || prefix.Equals("Wed", StringComparison.OrdinalIgnoreCase) || prefix.Equals("Thu", StringComparison.OrdinalIgnoreCase)
            || prefix.Equals("Fri", StringComparison.OrdinalIgnoreCase) || prefix.Equals("Sat", StringComparison.OrdinalIgnoreCase)
            || prefix.Equals("Sun", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsDigits(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty)
        {
            return false;
        }

        foreach (var c in word)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
