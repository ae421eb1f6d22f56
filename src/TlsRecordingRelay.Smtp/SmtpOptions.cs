using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TlsRecordingRelay.Smtp;

/// <summary>The <c>Smtp</c> section: listener, TLS, limits and AUTH users.</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    /// <summary>Greeting, EHLO and Received name; empty means the machine's host name.</summary>
    public string Hostname { get; set; } = string.Empty;

    [Required]
    public string Address { get; set; } = "127.0.0.1";

    [Range(0, 65535)]
    public int Port { get; set; } = 2525;

    [Range(0, 65535)]
    public int? ImplicitTlsPort { get; set; }

    public string? CertificatePath { get; set; }

    public string? CertificateKeyPath { get; set; }

    [Range(1024, int.MaxValue)]
    public int MaxMessageBytes { get; set; } = 25 * 1024 * 1024;

    [Range(1, 100_000)]
    public int MaxSessions { get; set; } = 200;

    public bool RequireTls { get; set; }

    public BareLineEndingPolicy BareLineEndings { get; set; } = BareLineEndingPolicy.Reject;

    public bool AllowProxyProtocol { get; set; }

    public bool ReverseDns { get; set; } = true;

    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>AUTH users: name → PBKDF2 hash (see <c>Auth.PasswordHash</c>).</summary>
    public Dictionary<string, string> Users { get; set; } = new(StringComparer.Ordinal);

    public string EffectiveHostname => string.IsNullOrWhiteSpace(Hostname) ? System.Net.Dns.GetHostName() : Hostname;
}

/// <summary>What to do with a bare LF or bare CR inside DATA (an SMTP smuggling vector).</summary>
public enum BareLineEndingPolicy
{
    /// <summary>550 5.5.2, as Postfix's <c>smtpd_forbid_bare_newline</c>.</summary>
    Reject,

    /// <summary>Rewrite each bare LF/CR to CRLF and accept.</summary>
    Normalize,
}

[OptionsValidator]
public sealed partial class SmtpOptionsValidator : IValidateOptions<SmtpOptions>;
