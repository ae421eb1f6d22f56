using System.Net;
using Microsoft.Extensions.Options;

namespace TlsRecordingRelay.Smtp;

/// <summary>The <c>Relay</c> section: who may send mail where (no open relay).</summary>
public sealed class RelayOptions
{
    public const string SectionName = "Relay";

    /// <summary>MX mode: recipient domains accepted from anyone; a leading '.' covers subdomains.</summary>
    public List<string> AcceptedDomains { get; set; } = [];

    /// <summary>The networks allowed when the section does not name any: loopback only.</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedNetworks = ["127.0.0.0/8", "::1/128"];

    /// <summary>Smart-host mode: client networks (CIDR) that may relay to any domain. Empty in code because the
    /// configuration binder appends to a list instead of replacing it; the default is applied after binding.</summary>
    public List<string> AllowedNetworks { get; set; } = [];
}

/// <summary>Refuses a malformed network at start rather than at the first RCPT.</summary>
public sealed class RelayOptionsValidator : IValidateOptions<RelayOptions>
{
    public ValidateOptionsResult Validate(string? name, RelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bad = options.AllowedNetworks.Where(n => !IPNetwork.TryParse(n, out _)).ToList();
        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Relay:AllowedNetworks has entries that are not CIDR networks: {string.Join(", ", bad)}");
    }
}
