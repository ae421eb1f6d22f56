using System.Buffers;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// Splits one level of a Received field into tokens by hand: every character is looked at a bounded number of
/// times, so adversarial input (1 MB of '(' or nested comments) stays linear. Nested comments become one
/// token; callers look inside one only when they need to, never recursively to unbounded depth.
/// </summary>
internal static class ReceivedTokenizer
{
    // Vectorised search for the end of a word: whitespace, ',', the closers, and what opens another token.
    private static readonly SearchValues<char> WordEnds = SearchValues.Create(" \t\r\n,)>]([<\";");

    public static void Tokenize(string text, int start, int end, List<Token> tokens)
    {
        var i = start;
        while (i < end)
        {
            var c = text[i];
            switch (c)
            {
                case '(':
                    i = AddComment(text, i, end, tokens);
                    break;
                case '[':
                    i = AddBracketed(text, i, end, ']', TokenKind.Literal, tokens);
                    break;
                case '<':
                    i = AddBracketed(text, i, end, '>', TokenKind.Angle, tokens);
                    break;
                case '"':
                    i = AddQuoted(text, i, end, tokens);
                    break;
                case ';':
                    tokens.Add(new Token(TokenKind.Semicolon, i, 1));
                    i++;
                    break;
                default:
                    if (IsSeparator(c))
                    {
                        // Whitespace, ',' and stray closers separate tokens and carry no meaning of their own.
                        i++;
                    }
                    else
                    {
                        var wordStart = i;
                        var length = text.AsSpan(i, end - i).IndexOfAny(WordEnds);
                        i = length < 0 ? end : i + length;

                        tokens.Add(new Token(TokenKind.Word, wordStart, i - wordStart));
                    }

                    break;
            }
        }
    }

    /// <summary>Index just past the comment opened at <paramref name="open"/>; an unclosed comment runs to the end.</summary>
    public static int SkipComment(string text, int open, int end, out bool closed)
    {
        // RFC 5322 §3.2.2: comments nest and a quoted-pair escapes any character.
        var depth = 0;
        for (var i = open; i < end; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                i++;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth == 0)
            {
                closed = true;
                return i + 1;
            }
        }

        closed = false;
        return end;
    }

    private static int AddComment(string text, int open, int end, List<Token> tokens)
    {
        var after = SkipComment(text, open, end, out var closed);
        var contentEnd = closed ? after - 1 : after;
        tokens.Add(new Token(TokenKind.Comment, open + 1, contentEnd - open - 1));
        return after;
    }

    private static int AddBracketed(string text, int open, int end, char close, TokenKind kind, List<Token> tokens)
    {
        var i = open + 1;
        while (i < end && text[i] != close && text[i] != '\n')
        {
            i++;
        }

        tokens.Add(new Token(kind, open + 1, i - open - 1));
        return i < end && text[i] == close ? i + 1 : i;
    }

    private static int AddQuoted(string text, int open, int end, List<Token> tokens)
    {
        var i = open + 1;
        while (i < end && text[i] != '"')
        {
            // RFC 5322 §3.2.4: a quoted-pair inside a quoted string.
            i += text[i] == '\\' ? 2 : 1;
        }

        i = Math.Min(i, end);
        tokens.Add(new Token(TokenKind.Quoted, open + 1, i - open - 1));
        return i < end ? i + 1 : i;
    }

    private static bool IsSeparator(char c) => c is ' ' or '\t' or '\r' or '\n' or ',' or ')' or '>' or ']';
}
