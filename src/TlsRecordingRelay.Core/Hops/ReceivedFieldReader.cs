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

        // The current field's line segments (start, end): unfolding is concatenating them.
        var segments = new List<(int Start, int End)>(8);
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

            if (headerBlock[i] is ' ' or '\t')
            {
                if (segments.Count > 0)
                {
                    segments.Add((i, end));
                }
            }
            else
            {
                Flush(headerBlock, segments, fields);
                var body = ReceivedBodyStart(headerBlock, i, end);
                if (body >= 0)
                {
                    segments.Add((body, end));
                }
            }

            i = next;
        }

        Flush(headerBlock, segments, fields);
        return fields;
    }

    private static void Flush(string text, List<(int Start, int End)> segments, List<string> fields)
    {
        if (segments.Count == 0)
        {
            return;
        }

        var length = 0;
        foreach (var (start, end) in segments)
        {
            length += end - start;
        }

        var field = string.Create(length, (text, segments), static (span, state) =>
        {
            foreach (var (start, end) in state.segments)
            {
                state.text.AsSpan(start, end - start).CopyTo(span);
                span = span[(end - start)..];
            }
        });

        // Whitespace at either end carries nothing (RFC 5322 §3.2.2 FWS): trim it here, where it is cheap.
        var trimmed = field.AsSpan().Trim(" \t");
        fields.Add(trimmed.Length == field.Length ? field : trimmed.ToString());
        segments.Clear();
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

        if (i >= end || text[i] != ':')
        {
            return -1;
        }

        // Skip the space after the colon now, so a one-line field needs no second copy to trim.
        i++;
        while (i < end && text[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }
}
