using System.Buffers;

namespace TlsRecordingRelay.Core.Acceptance;

/// <summary>
/// Finds and repairs bare LF / bare CR in message data. SMTP smuggling (2023) hides a second message behind
/// line endings that one server treats as CRLF and the next does not; Postfix answers with
/// <c>smtpd_forbid_bare_newline</c>, and so do we: reject by default, or normalise to CRLF.
/// </summary>
public static class LineEndings
{
    /// <summary>True when some LF is not preceded by CR, or some CR is not followed by LF.</summary>
    public static bool HasBare(ReadOnlySpan<byte> data)
    {
        var index = 0;
        while (true)
        {
            var next = data[index..].IndexOfAny((byte)'\r', (byte)'\n');
            if (next < 0)
            {
                return false;
            }

            var at = index + next;
            if (data[at] == '\n')
            {
                return true; // an LF reached directly: nothing before it was a CR
            }

            if (at + 1 >= data.Length || data[at + 1] != '\n')
            {
                return true;
            }

            index = at + 2;
        }
    }

    /// <summary>Rewrites every bare LF and bare CR as CRLF.</summary>
    public static byte[] Normalize(ReadOnlySpan<byte> data)
    {
        var writer = new ArrayBufferWriter<byte>(data.Length + 64);
        var index = 0;
        while (index < data.Length)
        {
            var next = data[index..].IndexOfAny((byte)'\r', (byte)'\n');
            if (next < 0)
            {
                writer.Write(data[index..]);
                break;
            }

            writer.Write(data.Slice(index, next));
            var at = index + next;
            writer.Write("\r\n"u8);
            index = data[at] == '\r' && at + 1 < data.Length && data[at + 1] == '\n' ? at + 2 : at + 1;
        }

        return writer.WrittenSpan.ToArray();
    }
}
