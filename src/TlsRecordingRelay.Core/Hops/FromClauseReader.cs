namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// Reads a from clause in the shapes stampers print: sendmail/Postfix <c>from helo (rdns [ip])</c>, Exim
/// <c>from rdns ([ip]:port helo=x)</c>, qmail <c>from rdns (HELO x) (ip)</c>, Proofpoint <c>from unknown [ip]
/// (EHLO x)</c>, Exchange <c>from helo (ip)</c>, sendmail ident <c>(user@rdns [ip])</c> and <c>(may be forged)</c>.
/// </summary>
internal static class FromClauseReader
{
    public static FromClause Read(ReceivedLine line, List<Token> scratch)
    {
        var text = line.Text;
        string? word = null;
        var wordIsLiteral = false;
        string? helo = null;
        string? host = null;
        string? ip = null;
        string? wordIp = null;
        var tokens = line.Tokens;
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            if (token.Clause != Clause.From || token.Keyword)
            {
                continue;
            }

            switch (token.Kind)
            {
                case TokenKind.Word or TokenKind.Literal when word is null:
                    word = token.Text(text);
                    wordIsLiteral = token.Kind == TokenKind.Literal;
                    // The first word is the HELO in sendmail's layout ("from [10.0.0.5] (rdns [ip])"): an address
                    // there is the peer's only when no comment or later literal names one.
                    wordIp = IpLiteral.Normalize(token.Span(text));

                    break;
                case TokenKind.Literal:
                    ip ??= IpLiteral.Normalize(token.Span(text));
                    break;
                case TokenKind.Word:
                    ip ??= IpLiteral.Normalize(token.Span(text));
                    helo ??= ClaimingToBe(line, t);
                    break;
                case TokenKind.Comment:
                    scratch.Clear();
                    ReceivedTokenizer.Tokenize(text, token.Start, token.End, scratch);
                    ReadComment(text, scratch, ref helo, ref host, ref ip);
                    break;
                default:
                    break;
            }
        }

        ip ??= wordIp;
        return word is null && helo is null && host is null && ip is null
            ? FromClause.Empty
            : new FromClause(word, wordIsLiteral, helo, host, ip);
    }

    private static void ReadComment(string text, List<Token> inner, ref string? helo, ref string? host, ref string? ip)
    {
        if (inner.Count > 0 && (inner[0].Is(text, "using") || inner[0].Is(text, "TLS:")))
        {
            return; // A TLS comment in the from clause (Postfix, MessageLabs, Courier): no names in it.
        }

        for (var i = 0; i < inner.Count; i++)
        {
            var token = inner[i];
            var span = token.Span(text);
            if (token.Kind == TokenKind.Literal)
            {
                ip ??= IpLiteral.Normalize(span);
                continue;
            }

            if (token.Kind != TokenKind.Word)
            {
                continue; // Nested comments such as "(may be forged)" add nothing we trust.
            }

            if ((span.Equals("HELO", StringComparison.OrdinalIgnoreCase) || span.Equals("EHLO", StringComparison.OrdinalIgnoreCase))
                && i + 1 < inner.Count && inner[i + 1].Kind is TokenKind.Word or TokenKind.Literal)
            {
                helo ??= Bracketed(text, inner[++i]);
            }
            else if (span.StartsWith("helo=", StringComparison.OrdinalIgnoreCase))
            {
                helo ??= span.Length > 5 ? span[5..].ToString() : NextText(text, inner, ref i);
            }
            else if (span.Equals("claiming", StringComparison.OrdinalIgnoreCase) && i + 3 < inner.Count
                && inner[i + 1].Is(text, "to") && inner[i + 2].Is(text, "be"))
            {
                helo ??= inner[i + 3].Text(text);
                i += 3;
            }
            else if (IpLiteral.TryParse(span, out var address))
            {
                ip ??= address.ToString();
            }
            else if (host is null && LooksLikeHost(span))
            {
                // sendmail ident form "(user@host [ip])": the host is after the '@'.
                var at = span.LastIndexOf('@');
                host = ReceivedLineParser.TrimDot(at >= 0 ? span[(at + 1)..].ToString() : span.ToString());
            }
        }
    }

    private static string? ClaimingToBe(ReceivedLine line, int t)
    {
        var tokens = line.Tokens;
        var text = line.Text;
        return tokens[t].Is(text, "claiming") && t + 3 < tokens.Count && tokens[t + 1].Is(text, "to") && tokens[t + 2].Is(text, "be")
            ? tokens[t + 3].Text(text)
            : null;
    }

    private static string Bracketed(string text, Token token) =>
        token.Kind == TokenKind.Literal ? "[" + token.Text(text) + "]" : token.Text(text);

    private static string? NextText(string text, List<Token> inner, ref int i) =>
        i + 1 < inner.Count && inner[i + 1].Kind is TokenKind.Word or TokenKind.Quoted or TokenKind.Literal ? Bracketed(text, inner[++i]) : null;

    private static bool LooksLikeHost(ReadOnlySpan<char> span)
    {
        if (span.Equals("unknown", StringComparison.OrdinalIgnoreCase) || span.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // A name has a dot, no '=' or ':' (key=value pairs, other annotations) and a top-level label with a letter
        // (no TLD is all digits, RFC 3696 §2), which also rules out version numbers such as "TLSv1.2".
        if (!span.Contains('.') || span.Contains('=') || span.Contains(':') || !char.IsAsciiLetterOrDigit(span[0]))
        {
            return false;
        }

        var tld = DomainName.Trim(span);
        tld = tld[(tld.LastIndexOf('.') + 1)..];
        return tld.ContainsAnyInRange('a', 'z') || tld.ContainsAnyInRange('A', 'Z');
    }
}
