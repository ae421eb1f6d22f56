using Microsoft.Extensions.Options;
using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Delivery.Policy;

/// <summary>Finds the TLS policy of a recipient domain: exact entry, then <c>.parent</c> entries, then the default.</summary>
public sealed class TlsPolicyMap
{
    private readonly Dictionary<string, TlsPolicy> _domains;
    private readonly TlsPolicy _default;

    public TlsPolicyMap(IOptions<TlsPolicyOptions> options)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    public TlsPolicyMap(TlsPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _default = TlsPolicyNames.TryParse(options.Default, out var fallback) ? fallback.Value : TlsPolicy.May;
        _domains = new Dictionary<string, TlsPolicy>(StringComparer.Ordinal);
        foreach (var (domain, level) in options.Domains)
        {
            if (TlsPolicyNames.TryParse(level, out var policy))
            {
                var key = domain.Trim().TrimEnd('.').ToLowerInvariant();
                _domains[key] = policy.Value;
            }
        }
    }

    public TlsPolicy For(string domain) =>
        DomainMatcher.TryMatch(_domains, domain, allowWildcard: false, out var policy, out _) ? policy : _default;
}
