using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace TlsRecordingRelay.Milter;

/// <summary>The <c>Milter</c> section: the listener, what we add to messages, the policy and the protocol bounds.</summary>
public sealed partial class MilterOptions : IValidatableObject
{
    public const string SectionName = "Milter";

    /// <summary>Read by the composition root: serve the milter in <c>tlsrelay run</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary><c>inet:HOST:PORT</c> (Postfix's form), <c>inet:PORT@HOST</c> / <c>inet6:PORT@HOST</c> (Sendmail's),
    /// or <c>unix:/path</c> / <c>local:/path</c>. Port 0 binds an ephemeral port.</summary>
    [Required]
    public string Listen { get; set; } = "inet:127.0.0.1:8894";

    /// <summary>Ask the MTA to add the summary header (and remove any copy of it the message arrived with).</summary>
    public bool AddHeader { get; set; } = true;

    [Required]
    public string HeaderName { get; set; } = "X-TLS-Hops";

    public PlaintextChainAction OnPlaintextChain { get; set; } = PlaintextChainAction.Accept;

    /// <summary>Recipient domains <see cref="OnPlaintextChain"/> applies to (a leading '.' covers subdomains);
    /// empty = every recipient.</summary>
    public List<string> ProtectedDomains { get; set; } = [];

    public DatabaseErrorAction OnDatabaseError { get; set; } = DatabaseErrorAction.Accept;

    /// <summary>Largest packet accepted; a bigger length closes the connection before any allocation.
    /// Postfix sends a whole header field in one packet (header_size_limit, default 102400).</summary>
    [Range(128 * 1024, 64 * 1024 * 1024)]
    public int MaxPacketBytes { get; set; } = 1024 * 1024;

    /// <summary>Header bytes kept per message for the analysis; fields beyond are not kept.</summary>
    [Range(64 * 1024, 64 * 1024 * 1024)]
    public int MaxHeaderBytes { get; set; } = 1024 * 1024;

    /// <summary>Recipients kept per message for the report (Postfix's smtpd_recipient_limit is 1000).</summary>
    [Range(1, 100_000)]
    public int MaxRecipients { get; set; } = 1000;

    /// <summary>Concurrent MTA connections; one more is closed at once (the MTA applies milter_default_action).</summary>
    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 500;

    /// <summary>Longest wait for the MTA's next command (its SMTP client may be slow: Postfix waits 300 s per command).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest wait for the report row before <see cref="OnDatabaseError"/> applies; keep it below the
    /// MTA's own timeout (Postfix milter_content_timeout, 300 s).</summary>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MilterEndpoint.TryParse(Listen, out _, out var error))
        {
            yield return new ValidationResult($"Milter:Listen: {error}", [nameof(Listen)]);
        }

        if (!HeaderNamePattern().IsMatch(HeaderName ?? string.Empty))
        {
            yield return new ValidationResult("Milter:HeaderName must be a field name (RFC 5322 §3.6.8: printable ASCII, no colon).", [nameof(HeaderName)]);
        }

        if (IdleTimeout <= TimeSpan.Zero || StoreTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Milter:IdleTimeout and Milter:StoreTimeout must be positive.", [nameof(IdleTimeout), nameof(StoreTimeout)]);
        }
    }

    // RFC 5322 §3.6.8: ftext = %d33-57 / %d59-126.
    [GeneratedRegex("^[\\x21-\\x39\\x3B-\\x7E]{1,76}$")]
    private static partial Regex HeaderNamePattern();
}
