namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// Reads TLS facts from one comment of a Received line. Each shape below is the one its MTA's own source or
/// documentation prints; the comment's content is tokenized one level deep (nested comments stay whole).
/// </summary>
internal static class TlsCommentReader
{
    public static void Read(string text, Token comment, List<Token> scratch, TlsFacts facts)
    {
        var content = comment.Span(text);
        if (content.IsEmpty || content.Length > 1024)
        {
            return; // No TLS comment is this long; skipping keeps adversarial input cheap.
        }

        if (!MayHoldTls(content))
        {
            return; // Most comments ("(Postfix)", "(envelope-from <…>)") hold no TLS: skip tokenizing them.
        }

        scratch.Clear();
        ReceivedTokenizer.Tokenize(text, comment.Start, comment.End, scratch);
        if (scratch.Count == 0 || scratch[0].Kind != TokenKind.Word)
        {
            return;
        }

        var first = scratch[0].Span(text);
        if (first.Equals("using", StringComparison.OrdinalIgnoreCase))
        {
            ReadUsing(text, scratch, facts);
        }
        else if (first.Equals("over", StringComparison.OrdinalIgnoreCase))
        {
            ReadOver(text, scratch, facts);
        }
        else if (content.Contains('='))
        {
            ReadKeyValues(text, scratch, facts);
        }
        else if (scratch.Count == 1)
        {
            ReadSingleWord(first, facts);
        }
        else if (content.Equals("Google Transport Security", StringComparison.OrdinalIgnoreCase))
        {
            // Gmail: Google's internal encrypted transport (ALTS); neither version nor cipher is printed.
            facts.Add("Google Transport Security");
        }
        else if (scratch.Count == 2 && scratch[1].Is(text, "encrypted"))
        {
            // qmail-tls patch and qpsmtpd: "with (DHE-RSA-AES256-SHA encrypted) SMTP".
            facts.Add("(cipher encrypted) (qmail-tls)", cipher: first.ToString());
        }
        else
        {
            ReadRemarks(text, scratch, facts);
        }
    }

    /// <summary>A cheap test, before tokenizing, for every shape this reader knows.</summary>
    private static bool MayHoldTls(ReadOnlySpan<char> content) =>
        content.StartsWith("TLS", StringComparison.OrdinalIgnoreCase)
        || content.StartsWith("SSL", StringComparison.OrdinalIgnoreCase)
        || content.StartsWith("using", StringComparison.OrdinalIgnoreCase)
        || content.StartsWith("over", StringComparison.OrdinalIgnoreCase)
        || content.Contains('=')
        || content.Contains("TLS:", StringComparison.OrdinalIgnoreCase)
        || content.EndsWith("encrypted", StringComparison.OrdinalIgnoreCase)
        || content.Equals("Google Transport Security", StringComparison.OrdinalIgnoreCase)
        || content.Contains("certificate", StringComparison.OrdinalIgnoreCase)
        || content.Contains("verified", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Postfix smtpd_tls_received_header (and Proofpoint Essentials, MessageLabs):
    /// <c>(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 …)</c>.
    /// </summary>
    private static void ReadUsing(string text, List<Token> scratch, TlsFacts facts)
    {
        string? version = null;
        string? cipher = null;
        int? bits = null;
        for (var i = 1; i < scratch.Count; i++)
        {
            var token = scratch[i];
            if (i == 1 && token.Kind == TokenKind.Word)
            {
                version = token.Text(text);
            }
            else if (token.Is(text, "cipher") && i + 1 < scratch.Count && scratch[i + 1].Kind == TokenKind.Word && cipher is null)
            {
                cipher = scratch[++i].Text(text);
            }
            else if (token.Kind == TokenKind.Comment && bits is null && token.Span(text).Contains("bits", StringComparison.OrdinalIgnoreCase))
            {
                bits = TlsFacts.ParseBits(token.Span(text));
            }
        }

        if (version is not null || cipher is not null)
        {
            facts.Add("(using … with cipher …) (Postfix)", versionRaw: version, cipher: cipher, bits: bits);
        }
    }

    /// <summary>chasquid: <c>(over SMTP, TLS-1.3, envelope from "a@b")</c>; <c>plain text!</c> in place of the version otherwise.</summary>
    private static void ReadOver(string text, List<Token> scratch, TlsFacts facts)
    {
        for (var i = 1; i < scratch.Count && i <= 3; i++)
        {
            var word = scratch[i].Span(text);
            if (scratch[i].Kind == TokenKind.Word && TlsVersionName.Normalize(word) is not null)
            {
                facts.Add("(over …, TLS-x) (chasquid)", versionRaw: word.ToString());
                return;
            }
        }
    }

    /// <summary>
    /// sendmail <c>(version=TLSv1.3 cipher=… bits=256 verify=NOT)</c>, Gmail <c>bits=256/256</c>, Exchange and
    /// Mimecast <c>(version=TLS1_2, cipher=…)</c>, Barracuda, Proofpoint PPS and Haraka: the same keys.
    /// </summary>
    private static void ReadKeyValues(string text, List<Token> scratch, TlsFacts facts)
    {
        string? version = null;
        string? cipher = null;
        string? verify = null;
        int? bits = null;
        foreach (var token in scratch)
        {
            if (token.Kind != TokenKind.Word)
            {
                continue;
            }

            var span = token.Span(text);
            var eq = span.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            var key = span[..eq];
            var value = span[(eq + 1)..];
            if (key.Equals("version", StringComparison.OrdinalIgnoreCase))
            {
                version = value.ToString();
            }
            else if (key.Equals("cipher", StringComparison.OrdinalIgnoreCase))
            {
                cipher = value.ToString();
            }
            else if (key.Equals("bits", StringComparison.OrdinalIgnoreCase))
            {
                bits = TlsFacts.ParseBits(value);
            }
            else if (key.Equals("verify", StringComparison.OrdinalIgnoreCase))
            {
                verify = value.ToString();
            }
        }

        if (!string.IsNullOrEmpty(version) || !string.IsNullOrEmpty(cipher))
        {
            facts.Add("(version= cipher= …) comment (sendmail, Gmail, Exchange form)", versionRaw: version, cipher: cipher, bits: bits, verify: verify);
        }
    }

    /// <summary>
    /// A comment of one word: OpenSMTPD <c>(TLSv1.3:TLS_AES_256_GCM_SHA384:256:NO)</c>, Exim before 4.93
    /// <c>(TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256)</c> (OpenSSL) or <c>(TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256)</c>
    /// (GnuTLS), Exim 4.93+ <c>(TLS1.3)</c>, Exchange <c>(TLS)</c>.
    /// </summary>
    private static void ReadSingleWord(ReadOnlySpan<char> word, TlsFacts facts)
    {
        var isTlsWord = word.StartsWith("TLS", StringComparison.OrdinalIgnoreCase) || word.StartsWith("SSL", StringComparison.OrdinalIgnoreCase);
        if (!isTlsWord)
        {
            return;
        }

        var colon = word.IndexOf(':');
        if (colon < 0)
        {
            if (word.Equals("TLS", StringComparison.OrdinalIgnoreCase) || TlsVersionName.Normalize(word) is not null)
            {
                facts.Add("(version) comment (Exim 4.93+, Exchange)", versionRaw: word.ToString());
            }

            return;
        }

        Span<Range> parts = stackalloc Range[5];
        var count = word.Split(parts, ':');
        var version = word[parts[0]].ToString();
        var cipher = count > 1 ? word[parts[1]].ToString() : null;
        var bits = count > 2 ? TlsFacts.ParseBits(word[parts[2]]) : null;
        if (bits is 16 or 24 or 32 && cipher is not null && cipher.Contains('_'))
        {
            // Exim built with GnuTLS before 4.80 printed the key size in bytes (":32" for AES-256).
            bits *= 8;
        }

        var verify = count > 3 ? word[parts[3]].ToString() : null;
        facts.Add(count > 3 ? "(version:cipher:bits:verify) (OpenSMTPD)" : "(version:cipher:bits) (Exim)", version, cipher, bits, verify);
    }

    /// <summary>Courier's <c>(TLS: TLSv1.2,256bits,CIPHER)</c> and Postfix's client-certificate remarks.</summary>
    private static void ReadRemarks(string text, List<Token> scratch, TlsFacts facts)
    {
        for (var i = 0; i < scratch.Count; i++)
        {
            var token = scratch[i];
            if (token.Is(text, "TLS:") && i + 1 < scratch.Count)
            {
                var version = scratch[i + 1].Text(text);
                var bits = i + 2 < scratch.Count ? TlsFacts.ParseBits(scratch[i + 2].Span(text)) : null;
                var cipher = i + 3 < scratch.Count && scratch[i + 3].Kind == TokenKind.Word ? scratch[i + 3].Text(text) : null;
                facts.Add("(TLS: version,bits,cipher) (Courier)", version, cipher, bits);
                return;
            }
        }

        // Postfix: "(No client certificate requested)", "(Client did not present a certificate)",
        // "(Client CN "x", Issuer "y" (verified OK))", "(… (not verified))". Mapped to sendmail's verify= words.
        var content = text.AsSpan(scratch[0].Start, scratch[^1].End - scratch[0].Start);
        if (content.StartsWith("No client certificate requested", StringComparison.OrdinalIgnoreCase))
        {
            facts.HintVerify("NOT");
        }
        else if (content.StartsWith("Client did not present a certificate", StringComparison.OrdinalIgnoreCase))
        {
            facts.HintVerify("NO");
        }
        else if (content.EndsWith("verified OK", StringComparison.OrdinalIgnoreCase))
        {
            facts.HintVerify("OK");
        }
        else if (content.EndsWith("not verified", StringComparison.OrdinalIgnoreCase))
        {
            facts.HintVerify("FAIL");
        }
    }
}
