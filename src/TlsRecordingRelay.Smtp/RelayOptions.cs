using System.Net;
using Microsoft.Extensions.Options;

namespace TlsRecordingRelay.Smtp;

/// <summary>The <c>Relay</c> section: who may send mail where (no open relay).</summary>
public sealed class RelayOptions
{
    public const string SectionName = "Relay";

    /// <summary>MX mode: recipient domains accepted from anyone; a leading '.' covers subdomains.</summary>
    public List<string> AcceptedDomains { get; set; } = [];

    /// <summary>Smart-host mode: client networks (CIDR) that may relay to any domain.</summary>
    public List<string> AllowedNetworks { get; set; } = ["127.0.0.0/8", "::1/128"];
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
