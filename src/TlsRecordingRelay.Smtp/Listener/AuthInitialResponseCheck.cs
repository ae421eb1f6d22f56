using System.Buffers;
using System.Text;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>
/// RFC 4954 §4: an AUTH initial response that is not base64 MUST get 501. SmtpServer 11.1 instead never
/// answers (the session hangs until the command timeout), so we answer it before the library sees the line.
/// </summary>
internal static class AuthInitialResponseCheck
{
    public static readonly byte[] Reply = "501 5.5.2 Invalid base64 data\r\n"u8.ToArray();

    /// <summary><c>AUTH PLAIN|LOGIN</c> with an initial response that is neither "=" (empty) nor base64.</summary>
    public static bool IsInvalid(ReadOnlySequence<byte> line)
    {
        if (line.Length < 5 || line.Length > CommandLine.MaxLength || !IsAuth(line))
        {
            return false;
        }

        var words = Encoding.Latin1.GetString(line).TrimEnd('\r', '\n').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 3 || !words[0].Equals("AUTH", StringComparison.OrdinalIgnoreCase)
            || !(words[1].Equals("PLAIN", StringComparison.OrdinalIgnoreCase) || words[1].Equals("LOGIN", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var initial = words[2];
        return initial != "=" && !Convert.TryFromBase64String(initial, new byte[initial.Length], out _);
    }

    // "AUTH" and a space after any leading spaces (the words split below), tested on the bytes so that the
    // other commands are not decoded.
    private static bool IsAuth(ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(line);
        reader.AdvancePast((byte)' ');
        return CommandLine.StartsWithIgnoreCase(line.Slice(reader.Position), "AUTH "u8);
    }
}
