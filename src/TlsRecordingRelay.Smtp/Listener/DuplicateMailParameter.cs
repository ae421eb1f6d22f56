using System.Buffers;
using System.Text;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>
/// A MAIL command with a repeated parameter (<c>SIZE=1 SIZE=2</c>) throws inside SmtpServer 11.1's parser and
/// the connection drops without a reply; the parser gets <see cref="StandIn"/> instead, carrying
/// <see cref="Sentinel"/>, which the mailbox filter answers with 501 5.5.4.
/// </summary>
internal static class DuplicateMailParameter
{
    /// <summary>The parameter the stand-in MAIL line carries; the filter turns it into 501 5.5.4.</summary>
    public const string Sentinel = "XTLSRELAYDUPLICATEPARAMETER";

    /// <summary>The line the parser gets in place of the client's.</summary>
    public static readonly ReadOnlyMemory<byte> StandIn = Encoding.ASCII.GetBytes($"MAIL FROM:<> {Sentinel}=1\r\n");

    /// <summary>RFC 5321 §4.1.2 Mail-parameters: each esmtp-keyword once. Case-insensitive (RFC 5321 §2.4).</summary>
    public static bool IsIn(ReadOnlySequence<byte> line)
    {
        if (line.Length < 10 || !CommandLine.StartsWithIgnoreCase(line, "MAIL FROM:"u8))
        {
            return false;
        }

        var text = Encoding.Latin1.GetString(line);
        var pathEnd = text.IndexOf('>', StringComparison.Ordinal);
        if (pathEnd < 0)
        {
            return false;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in text[(pathEnd + 1)..].Split([' ', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (!seen.Add(equals < 0 ? parameter : parameter[..equals]))
            {
                return true;
            }
        }

        return false;
    }
}
