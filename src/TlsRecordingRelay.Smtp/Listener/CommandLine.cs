using System.Buffers;
using System.Text;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>Finding and matching command lines in the client's unread bytes, without copying them.</summary>
internal static class CommandLine
{
    /// <summary>
    /// RFC 5321 §4.5.3.1.4 allows 512 octets per command line, but extensions lengthen it: an AUTH initial
    /// response may take 12288 octets (RFC 4954 §4). Beyond 16 KiB no legitimate command exists.
    /// </summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>
    /// Length of the first line including its CRLF (the only line end the library knows, RFC 5321 §2.3.8),
    /// when it is complete within <see cref="MaxLength"/>.
    /// </summary>
    public static long? FirstLineLength(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer.Length > MaxLength ? buffer.Slice(0, MaxLength) : buffer);
        return reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n"u8) ? reader.Consumed : null;
    }

    /// <summary>More than <see cref="MaxLength"/> bytes with no complete line among them.</summary>
    public static bool IsOverLong(ReadOnlySequence<byte> buffer) =>
        buffer.Length > MaxLength && FirstLineLength(buffer) is null;

    /// <summary>The bytes begin with <paramref name="prefix"/>, exactly.</summary>
    public static bool StartsWith(ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> prefix)
    {
        if (buffer.Length < prefix.Length)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[prefix.Length];
        buffer.Slice(0, prefix.Length).CopyTo(head);
        return head.SequenceEqual(prefix);
    }

    /// <summary>
    /// The bytes begin with the ASCII <paramref name="prefix"/> in any case (RFC 5321 §2.4: verbs are
    /// case-insensitive). Checked before a line is decoded, so most lines cost no string.
    /// </summary>
    public static bool StartsWithIgnoreCase(ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> prefix)
    {
        if (buffer.Length < prefix.Length)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[prefix.Length];
        buffer.Slice(0, prefix.Length).CopyTo(head);
        return Ascii.EqualsIgnoreCase(head, prefix);
    }
}
