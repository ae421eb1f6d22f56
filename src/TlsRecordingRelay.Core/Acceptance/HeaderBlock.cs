using System.Text;

namespace TlsRecordingRelay.Core.Acceptance;

/// <summary>
/// Reads the header section of an RFC 5322 message (up to the first empty line) into unfolded fields.
/// Bytes are decoded as Latin-1 so any octet survives (RFC 6532 UTF-8 headers stay readable as bytes).
/// </summary>
public static class HeaderBlock
{
    /// <summary>Length of the header section including its terminating empty line, or the whole input.</summary>
    public static int Length(ReadOnlySpan<byte> message)
    {
        if (message.StartsWith("\r\n"u8))
        {
            return 2;
        }

        var end = message.IndexOf("\r\n\r\n"u8);
        return end < 0 ? message.Length : end + 4;
    }

    /// <summary>The fields in order: (name, unfolded value without the leading space).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Fields(ReadOnlySpan<byte> message)
    {
        var text = Encoding.Latin1.GetString(message[..Length(message)]);
        var fields = new List<KeyValuePair<string, string>>();
        string? name = null;
        var value = new StringBuilder();
        foreach (var line in text.Split("\r\n"))
        {
            if (line.Length == 0)
            {
                break;
            }

            if (line[0] is ' ' or '\t')
            {
                // RFC 5322 §2.2.3: unfolding removes the CRLF, the whitespace stays.
                if (name is not null)
                {
                    value.Append(line);
                }

                continue;
            }

            Flush();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                name = null; // not a field: skip it (an mbox "From " line, garbage)
                continue;
            }

            name = line[..colon].TrimEnd();
            value.Append(line.AsSpan(colon + 1));
        }

        Flush();
        return fields;

        void Flush()
        {
            if (name is not null)
            {
                fields.Add(new(name, value.ToString().Trim()));
            }

            name = null;
            value.Clear();
        }
    }

    /// <summary>The Message-ID without angle brackets, or null.</summary>
    public static string? MessageId(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        foreach (var (name, value) in fields)
        {
            if (name.Equals("Message-ID", StringComparison.OrdinalIgnoreCase))
            {
                return NormalizeMessageId(value);
            }
        }

        return null;
    }

    /// <summary>Strips surrounding angle brackets and whitespace: "&lt;a@b&gt;" and "a@b" are the same id.</summary>
    public static string? NormalizeMessageId(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var id = value.Trim();
        var open = id.IndexOf('<', StringComparison.Ordinal);
        var close = id.IndexOf('>', StringComparison.Ordinal);
        if (open >= 0 && close > open)
        {
            id = id[(open + 1)..close];
        }

        id = id.Trim();
        return id.Length == 0 ? null : id;
    }

    /// <summary>The Received fields in order of appearance (newest first), unfolded.</summary>
    public static IReadOnlyList<string> Received(IReadOnlyList<KeyValuePair<string, string>> fields) =>
        fields.Where(f => f.Key.Equals("Received", StringComparison.OrdinalIgnoreCase)).Select(f => f.Value).ToList();
}
