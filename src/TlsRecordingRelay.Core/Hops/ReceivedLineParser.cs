using System.Text;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// Parses one unfolded Received field into clauses (RFC 5321 §4.4: <c>from</c>, <c>by</c>, <c>via</c>,
/// <c>with</c>, <c>id</c>, <c>for</c>; RFC 8314 §4.3: <c>tls</c>) and the date after the last ';' (RFC 5322 §3.6.7).
/// Clauses may come in any order, repeat (Mimecast's "with ESMTP with STARTTLS") or be missing.
/// </summary>
internal static class ReceivedLineParser
{
    // Without a ';', a date is searched for only among the last tokens, which keeps the search linear.
    private const int DateSearchWindow = 12;

    public static ReceivedLine Parse(string text)
    {
        var line = new ReceivedLine(text);
        var tokens = line.Tokens;
        ReceivedTokenizer.Tokenize(text, 0, text.Length, tokens);

        var clauseEnd = FindDate(line);
        AssignClauses(line, clauseEnd);
        ReadValues(line, clauseEnd);
        return line;
    }

    /// <summary>Parses the date and returns the index of the first token that belongs to it (or the count).</summary>
    private static int FindDate(ReceivedLine line)
    {
        var tokens = line.Tokens;
        var text = line.Text;
        for (var t = tokens.Count - 1; t >= 0; t--)
        {
            if (tokens[t].Kind == TokenKind.Semicolon)
            {
                if (ReceivedDate.TryParse(text, tokens, t + 1, out var date, out _))
                {
                    line.Date = date;
                }

                MarkDate(line, t);
                return t;
            }
        }

        // Real-world mess: no ';' at all. Look for a date near the end (weekday or day number first).
        for (var t = Math.Max(0, tokens.Count - DateSearchWindow); t < tokens.Count; t++)
        {
            var token = tokens[t];
            if (token.Kind == TokenKind.Word && (char.IsAsciiDigit(text[token.Start]) || ReceivedDate.IsWeekday(token.Span(text)))
                && (t == 0 || !tokens[t - 1].Is(text, "id")) && ReceivedDate.TryParse(text, tokens, t, out var date, out _))
            {
                line.Date = date;
                MarkDate(line, t);
                return t;
            }
        }

        return tokens.Count;
    }

    private static void MarkDate(ReceivedLine line, int from)
    {
        var tokens = line.Tokens;
        for (var t = from; t < tokens.Count; t++)
        {
            tokens[t] = tokens[t] with { Clause = Clause.Date };
        }

        line.Recognised = line.Date is not null;
    }

    private static void AssignClauses(ReceivedLine line, int clauseEnd)
    {
        var tokens = line.Tokens;
        var text = line.Text;
        var clause = Clause.Preamble;
        for (var t = 0; t < clauseEnd; t++)
        {
            var token = tokens[t];
            if (token.Kind == TokenKind.Word && Keyword(token.Span(text)) is { } keyword && !NotTlsClause(line, keyword, t, clauseEnd))
            {
                clause = keyword;
                tokens[t] = token with { Clause = keyword, Keyword = true };
                line.Recognised = true;
                if (keyword == Clause.From)
                {
                    line.HasFrom = true;
                }
                else if (keyword == Clause.By && !line.HasBy)
                {
                    line.HasBy = true;
                    line.StamperStart = t + 1;
                }

                continue;
            }

            tokens[t] = token with { Clause = clause };
        }
    }

    /// <summary>
    /// RFC 8314 §4.3's clause is "tls" and an IANA cipher-suite name (TLS_…); the same word in IIS's "over TLS
    /// secured channel" or as a stray value is no clause.
    /// </summary>
    private static bool NotTlsClause(ReceivedLine line, Clause keyword, int t, int clauseEnd)
    {
        if (keyword != Clause.Tls)
        {
            return false;
        }

        var tokens = line.Tokens;
        return t + 1 >= clauseEnd || tokens[t + 1].Kind != TokenKind.Word || !tokens[t + 1].Span(line.Text).Contains('_');
    }

    private static Clause? Keyword(ReadOnlySpan<char> word) => word.Length switch
    {
        2 when word.Equals("by", StringComparison.OrdinalIgnoreCase) => Clause.By,
        2 when word.Equals("id", StringComparison.OrdinalIgnoreCase) => Clause.Id,
        3 when word.Equals("via", StringComparison.OrdinalIgnoreCase) => Clause.Via,
        3 when word.Equals("for", StringComparison.OrdinalIgnoreCase) => Clause.For,
        3 when word.Equals("tls", StringComparison.OrdinalIgnoreCase) => Clause.Tls,
        4 when word.Equals("from", StringComparison.OrdinalIgnoreCase) => Clause.From,
        4 when word.Equals("with", StringComparison.OrdinalIgnoreCase) => Clause.With,
        _ => null,
    };

    private static void ReadValues(ReceivedLine line, int clauseEnd)
    {
        var tokens = line.Tokens;
        var text = line.Text;
        StringBuilder? with = null;
        string? withWord = null;
        StringBuilder? via = null;
        var withClauses = 0;
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            if (token.Keyword)
            {
                if (token.Clause == Clause.With)
                {
                    withClauses++;
                }

                continue;
            }

            var isValue = token.Kind is TokenKind.Word or TokenKind.Literal or TokenKind.Angle or TokenKind.Quoted;
            if (!isValue)
            {
                continue;
            }

            switch (token.Clause)
            {
                case Clause.By when line.By is null:
                    line.By = TrimDot(token.Kind == TokenKind.Literal ? "[" + token.Text(text) + "]" : token.Text(text));
                    break;
                case Clause.Id when line.Id is null:
                    line.Id = token.Text(text);
                    break;
                case Clause.For when line.For is null:
                    line.For = token.Text(text);
                    break;
                case Clause.Via:
                    via = Append(via, token.Span(text));
                    break;
                case Clause.With when withClauses == 1 && token.Kind == TokenKind.Word:
                    // MessageLabs/qmail-tls: "with DHE-RSA-AES256-SHA encrypted SMTP": the cipher is TLS evidence,
                    // the protocol is what follows "encrypted".
                    if (t + 1 < clauseEnd && tokens[t + 1].Is(text, "encrypted"))
                    {
                        t++;
                        break;
                    }

                    // One word is the common case ("ESMTPS"): keep it without a builder.
                    if (withWord is null && with is null)
                    {
                        withWord = token.Text(text);
                    }
                    else
                    {
                        with = Append(with ?? new StringBuilder(withWord), token.Span(text));
                        withWord = null;
                    }

                    break;
                case Clause.Date when line.Id is null && token.Is(text, "id") && t + 1 < tokens.Count:
                    // Courier prints "; date id 0000000A.5D5AB6BF.00001234", after the date.
                    line.Id = tokens[t + 1].Text(text);
                    t++;
                    break;
                default:
                    break;
            }
        }

        line.With = withWord ?? with?.ToString();
        line.Via = via?.ToString();
    }

    private static StringBuilder Append(StringBuilder? builder, ReadOnlySpan<char> word)
    {
        builder ??= new StringBuilder(32);
        if (builder.Length > 0)
        {
            builder.Append(' ');
        }

        return builder.Append(word);
    }

    public static string TrimDot(string name) => name.Length > 1 && name[^1] == '.' ? name[..^1] : name;
}
