namespace TlsRecordingRelay.Smtp.Metrics;

/// <summary>The <c>reason</c> label of <c>tlsrelay.smtp.messages.rejected</c>: one word per refusal the listener makes.</summary>
public static class RejectionReason
{
    /// <summary>RCPT 554 5.7.1: neither an accepted domain nor an allowed or authenticated client.</summary>
    public const string RelayDenied = "relay_denied";

    /// <summary>RCPT 452 4.5.3: more recipients than one transaction may have.</summary>
    public const string TooManyRecipients = "too_many_recipients";

    /// <summary>MAIL 530 5.7.0: <c>Smtp:RequireTls</c> and no STARTTLS yet.</summary>
    public const string RequireTls = "require_tls";

    /// <summary>MAIL 501/555 5.5.4: a repeated or unsupported MAIL parameter.</summary>
    public const string BadParameter = "bad_parameter";

    /// <summary>MAIL 421 4.3.2: the relay is draining for shutdown.</summary>
    public const string ShuttingDown = "shutting_down";

    /// <summary>Connect 421 4.3.2: the session cap (<c>Smtp:MaxSessions</c>) is reached.</summary>
    public const string TooManySessions = "too_many_sessions";

    /// <summary>DATA 550 5.5.2: a bare CR or LF under <c>Smtp:BareLineEndings=Reject</c>.</summary>
    public const string BareLineEnding = "bare_line_ending";

    /// <summary>DATA 550 5.6.0: a NUL byte in the message data.</summary>
    public const string NulByte = "nul_byte";

    /// <summary>MAIL 501 5.1.7 / RCPT 501 5.1.3: a path over RFC 5321's 256 octets.</summary>
    public const string PathTooLong = "path_too_long";

    /// <summary>DATA 552 5.3.4: larger than <c>Smtp:MaxMessageBytes</c>.</summary>
    public const string TooBig = "too_big";

    /// <summary>DATA 554 5.4.6: too many Received fields, a mail loop.</summary>
    public const string Loop = "loop";

    /// <summary>DATA 451 4.3.0: the message could not be stored (database unreachable or failing); nothing acknowledged.</summary>
    public const string DatabaseUnavailable = "db_unavailable";
}
