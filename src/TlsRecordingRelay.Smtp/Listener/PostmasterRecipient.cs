using System.Buffers;
using System.Text;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>
/// <c>RCPT TO:&lt;postmaster&gt;</c> (no domain) is a parse error (502) in SmtpServer 11.1, but RFC 5321 §4.5.1
/// requires a server to accept it, so the parser gets <c>RCPT TO:&lt;postmaster@</c>our host name<c>&gt;</c>.
/// </summary>
internal static class PostmasterRecipient
{
    private const string Verb = "RCPT TO:";
    private const string Bare = "<postmaster>";

    /// <summary>
    /// <c>RCPT TO:&lt;postmaster&gt;</c> (any case, parameters kept) rewritten to name <paramref name="domain"/>;
    /// null for any other line.
    /// </summary>
    public static byte[]? WithDomain(ReadOnlySequence<byte> line, string domain)
    {
        if (line.Length < Verb.Length + Bare.Length || !CommandLine.StartsWithIgnoreCase(line, "RCPT TO:"u8))
        {
            return null;
        }

        var text = Encoding.Latin1.GetString(line);
        var path = text.AsSpan(Verb.Length).TrimStart(' ');
        if (!path.StartsWith(Bare, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = path[Bare.Length..].TrimEnd("\r\n");
        return Encoding.Latin1.GetBytes($"RCPT TO:<postmaster@{domain}>{rest}\r\n");
    }
}
