using System.Text;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// Finds the Received fields of a header block (or a whole message: it stops at the first empty line, RFC 5322
/// §2.1) and unfolds them (§2.2.3: a line break followed by whitespace is removed, the whitespace kept).
/// </summary>
internal static class ReceivedFieldReader
{
    public static List<string> Read(string headerBlock)
    {
        var fields = new List<string>();
        var builder = new StringBuilder();
        var inReceived = false;
        var i = 0;

        // Tolerate blank lines before the first field (a pasted header block often starts with one).
        while (i < headerBlock.Length && headerBlock[i] is '\r' or '\n')
        {
            i++;
        }

        while (i < headerBlock.Length)
        {
            var lineEnd = headerBlock.IndexOf('\n', i);
            var next = lineEnd < 0 ? headerBlock.Length : lineEnd + 1;
            var end = lineEnd < 0 ? headerBlock.Length : lineEnd;
            if (end > i && headerBlock[end - 1] == '\r')
            {
                end--;
            }

            if (end == i)
            {
                break; // RFC 5322 §2.1: the empty line ends the header section.
            }

            var first = headerBlock[i];
            if (first is ' ' or '\t')
            {
                if (inReceived)
                {
                    builder.Append(headerBlock, i, end - i);
                }
            }
            else
            {
                Flush(builder, fields, inReceived);
                var body = ReceivedBodyStart(headerBlock, i, end);
                inReceived = body >= 0;
                if (inReceived)
                {
                    builder.Append(headerBlock, body, end - body);
                }
            }

            i = next;
        }

        Flush(builder, fields, inReceived);
        return fields;
    }

    private static void Flush(StringBuilder builder, List<string> fields, bool inReceived)
    {
        if (inReceived)
        {
            fields.Add(builder.ToString());
        }

        builder.Clear();
    }

    /// <summary>Start of the body when the line opens a Received field (name, optional WSP, ':'), else -1.</summary>
    private static int ReceivedBodyStart(string text, int start, int end)
    {
        const string Name = "Received";
        if (end - start <= Name.Length || !text.AsSpan(start, Name.Length).Equals(Name, StringComparison.OrdinalIgnoreCase))
        {
            return -1;
        }

        var i = start + Name.Length;
        while (i < end && text[i] is ' ' or '\t')
        {
            i++; // RFC 5322 §4.5 (obsolete syntax): whitespace may precede the colon.
        }

        return i < end && text[i] == ':' ? i + 1 : -1;
    }
}
