using System.Buffers;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>
/// An empty message (DATA, then "." CRLF) hangs SmtpServer 11.1: its DATA reader looks for CRLF "." CRLF,
/// so the library is handed <see cref="Terminator"/> for the client's three bytes.
/// </summary>
internal static class EmptyMessage
{
    /// <summary>What the client sends for an empty message (RFC 5321 §4.1.1.4).</summary>
    public static ReadOnlySpan<byte> ClientLine => ".\r\n"u8;

    /// <summary>The end of data the library recognises.</summary>
    public static readonly ReadOnlyMemory<byte> Terminator = "\r\n.\r\n"u8.ToArray();

    /// <summary>The message data starts with the end of data: the message is empty.</summary>
    public static bool IsAt(ReadOnlySequence<byte> data) => CommandLine.StartsWith(data, ClientLine);
}
