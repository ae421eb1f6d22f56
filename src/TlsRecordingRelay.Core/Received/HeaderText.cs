using System.Text;

namespace TlsRecordingRelay.Core.Received;

/// <summary>
/// Makes client-supplied text safe inside a structured header (DESIGN.md "Our Received line"):
/// no CR/LF or other controls (it could start a new header), no parentheses or angle brackets
/// (they would open or close a comment or an address), no ';' (it ends the tokens before the date),
/// bounded length (RFC 5322 §2.1.1 keeps lines under 998 octets).
/// </summary>
public static class HeaderText
{
    public static string Sanitize(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength));
        foreach (var rune in text.EnumerateRunes())
        {
            if (builder.Length >= maxLength)
            {
                break;
            }

            var value = rune.Value;
            if (value < 0x21 || value == 0x7F || (value >= 0x80 && Rune.IsControl(rune)))
            {
                // Controls and spaces become '_' so the token stays one token.
                builder.Append('_');
            }
            else if (value is '(' or ')' or '<' or '>' or ';' or '\\' or '"' or '[' or ']')
            {
                builder.Append('_');
            }
            else if (builder.Length + rune.Utf16SequenceLength <= maxLength)
            {
                builder.Append(rune.ToString());
            }
            else
            {
                break;
            }
        }

        return builder.ToString();
    }
}
