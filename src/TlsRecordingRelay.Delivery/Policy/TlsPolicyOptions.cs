using System.ComponentModel.DataAnnotations;
using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Delivery.Policy;

/// <summary>The <c>TlsPolicy</c> section: the default level and per-domain levels (Postfix <c>smtp_tls_policy_maps</c>).</summary>
public sealed class TlsPolicyOptions : IValidatableObject
{
    public const string SectionName = "TlsPolicy";

    /// <summary><c>none</c>, <c>may</c> (default), <c>encrypt</c> or <c>verify</c>.</summary>
    [Required]
    public string Default { get; set; } = "may";

    /// <summary>Recipient domain → level; a leading <c>.</c> covers subdomains only.</summary>
    public Dictionary<string, string> Domains { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TlsPolicyNames.TryParse(Default, out _))
        {
            yield return new ValidationResult($"TlsPolicy:Default '{Default}' is not one of none, may, encrypt, verify.", [nameof(Default)]);
        }

        foreach (var (domain, level) in Domains)
        {
            if (!TlsPolicyNames.TryParse(level, out _))
            {
                yield return new ValidationResult($"TlsPolicy:Domains:{domain} '{level}' is not one of none, may, encrypt, verify.", [nameof(Domains)]);
            }

            if (domain.Trim('.').Length == 0 || domain.Contains('*', StringComparison.Ordinal))
            {
                yield return new ValidationResult($"TlsPolicy:Domains key '{domain}' is not a domain or .domain.", [nameof(Domains)]);
            }
        }
    }
}
