using System.Buffers;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>
/// Answers each RCPT past the recipient limit with 452 4.5.3 before the library sees it, as Postfix does up
/// to its <c>smtpd_recipient_overshoot_limit</c>: from the mailbox filter, every 452 counted toward the
/// library's hard error limit (MaxRetryCount, 20), so a client that pipelines its whole list was cut off
/// before DATA and, never getting its first 1000 delivered either, retried forever (RFC 5321 §4.5.3.1.10
/// expects it to carry on).
/// </summary>
internal sealed class RecipientOvershoot(Func<bool> recipientsFull)
{
    public static readonly byte[] Reply = "452 4.5.3 Too many recipients\r\n"u8.ToArray();

    // Postfix's smtpd_recipient_overshoot_limit: past it, the filter's 452 counts as an error again.
    private const int MaxOvershoot = 1000;

    private int _overshoot;

    /// <summary>True, and counted, when the line is a RCPT past the limit that <see cref="Reply"/> answers.</summary>
    public bool Takes(ReadOnlySequence<byte> line)
    {
        if (_overshoot >= MaxOvershoot || !CommandLine.StartsWithIgnoreCase(line, "RCPT "u8) || !recipientsFull())
        {
            return false;
        }

        _overshoot++;
        return true;
    }
}
