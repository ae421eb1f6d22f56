using System.Text;

namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>
/// NUL-terminated strings as the milter protocol carries them. Decoded as Latin-1 so every octet survives
/// (as <c>HeaderBlock</c> does for messages; RFC 6532 UTF-8 stays readable as bytes).
/// </summary>
internal static class NulStrings
{
    /// <summary>Splits data made only of NUL-terminated strings; false when the last one has no terminator.</summary>
    public static bool TrySplit(ReadOnlySpan<byte> data, List<string> into)
    {
        while (!data.IsEmpty)
        {
            var nul = data.IndexOf((byte)0);
            if (nul < 0)
            {
                return false;
            }

            into.Add(Encoding.Latin1.GetString(data[..nul]));
            data = data[(nul + 1)..];
        }

        return true;
    }

    /// <summary>Reads one NUL-terminated string at the start of <paramref name="data"/>; false without a terminator.</summary>
    public static bool TryReadOne(ReadOnlySpan<byte> data, out string value, out int consumed)
    {
        var nul = data.IndexOf((byte)0);
        if (nul < 0)
        {
            value = string.Empty;
            consumed = 0;
            return false;
        }

        value = Encoding.Latin1.GetString(data[..nul]);
        consumed = nul + 1;
        return true;
    }

    public static void Write(List<byte> into, string value)
    {
        into.AddRange(Encoding.Latin1.GetBytes(value));
        into.Add(0);
    }
}
