namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// Finds every TLS fact a Received line records, in any dialect: the comments (<see cref="TlsCommentReader"/>),
/// the <c>with</c> protocol (RFC 3848/6531 keywords, IronPort <c>ESMTP/TLS/cipher</c>, Mimecast
/// <c>with STARTTLS</c>, MessageLabs <c>cipher encrypted SMTP</c>), IIS <c>over TLS secured channel</c> and the
/// RFC 8314 §4.3 <c>tls</c> clause.
/// </summary>
internal static class TlsEvidenceReader
{
    public static TlsEvidence? Read(ReceivedLine line, List<Token> scratch)
    {
        var facts = new TlsFacts();
        var text = line.Text;
        var tokens = line.Tokens;
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            switch (token.Kind)
            {
                case TokenKind.Comment when token.Clause != Clause.Date:
                    TlsCommentReader.Read(text, token, scratch, facts);
                    break;
                case TokenKind.Word when !token.Keyword && token.Clause == Clause.With:
                    ReadWithWord(line, t, facts);
                    break;
                case TokenKind.Word when !token.Keyword && token.Clause == Clause.Tls:
                    // RFC 8314 §4.3: "tls" FWS cipher-suite, the IANA name of the suite negotiated.
                    if (t > 0 && tokens[t - 1].Keyword)
                    {
                        facts.Add("tls clause (RFC 8314)", cipher: token.Text(text));
                    }

                    break;
                case TokenKind.Word when token.Clause == Clause.By && token.Is(text, "over") && t + 3 < tokens.Count
                    && tokens[t + 1].Is(text, "TLS") && tokens[t + 2].Is(text, "secured") && tokens[t + 3].Is(text, "channel"):
                    facts.Add("IIS \"over TLS secured channel\"", versionRaw: "TLS");
                    break;
                default:
                    break;
            }
        }

        return facts.Build();
    }

    private static void ReadWithWord(ReceivedLine line, int t, TlsFacts facts)
    {
        var text = line.Text;
        var tokens = line.Tokens;
        var word = tokens[t].Span(text);
        if (SecureProtocolForm(word) is { } form)
        {
            facts.Add(form);
        }
        else if (word.Equals("STARTTLS", StringComparison.OrdinalIgnoreCase))
        {
            facts.Add("with STARTTLS (Mimecast)");
        }
        else if (t + 1 < tokens.Count && tokens[t + 1].Is(text, "encrypted") && tokens[t + 1].Clause == Clause.With)
        {
            facts.Add("cipher encrypted (MessageLabs/qmail-tls)", cipher: word.ToString());
        }
        else if (word.Contains("/TLS", StringComparison.OrdinalIgnoreCase))
        {
            // Cisco Secure Email (IronPort) AsyncOS: "with ESMTP/TLS/<OpenSSL cipher name>".
            var at = word.IndexOf("/TLS", StringComparison.OrdinalIgnoreCase);
            var rest = word[(at + 1)..];
            var slash = rest.IndexOf('/');
            var cipher = slash >= 0 && slash + 1 < rest.Length ? rest[(slash + 1)..].ToString() : null;
            facts.Add("IronPort ESMTP/TLS/cipher", versionRaw: slash >= 0 ? rest[..slash].ToString() : rest.ToString(), cipher: cipher);
        }
    }

    /// <summary>
    /// RFC 3848 §4 (ESMTPS, ESMTPSA, LMTPS, LMTPSA) and RFC 6531 §3.7.3 (UTF8SMTPS, UTF8SMTPSA, UTF8LMTPS,
    /// UTF8LMTPSA) name the protocol "with TLS"; Gmail's SMTPS and webmail's HTTPS say the same. Any case.
    /// </summary>
    public static bool IsSecureProtocol(ReadOnlySpan<char> word) => SecureProtocolForm(word) is not null;

    private static string? SecureProtocolForm(ReadOnlySpan<char> word)
    {
        if (word.Length is < 5 or > 10)
        {
            return null;
        }

        Span<char> upper = stackalloc char[word.Length];
        word.ToUpperInvariant(upper);
        return upper switch
        {
            "ESMTPS" => "with ESMTPS (RFC 3848)",
            "ESMTPSA" => "with ESMTPSA (RFC 3848)",
            "LMTPS" => "with LMTPS (RFC 3848)",
            "LMTPSA" => "with LMTPSA (RFC 3848)",
            "UTF8SMTPS" => "with UTF8SMTPS (RFC 6531)",
            "UTF8SMTPSA" => "with UTF8SMTPSA (RFC 6531)",
            "UTF8LMTPS" => "with UTF8LMTPS (RFC 6531)",
            "UTF8LMTPSA" => "with UTF8LMTPSA (RFC 6531)",
            "SMTPS" => "with SMTPS",
            "HTTPS" => "with HTTPS",
            _ => null,
        };
    }
}
