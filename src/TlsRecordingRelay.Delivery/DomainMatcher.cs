namespace TlsRecordingRelay.Delivery;

/// <summary>
/// Postfix table lookup for domains (<c>smtp_tls_policy_maps</c>, <c>transport_maps</c>): the exact domain
/// first, then <c>.parent</c> entries from the nearest parent outwards, then the <c>*</c> wildcard when allowed.
/// A bare <c>example.org</c> never covers its subdomains and <c>.example.org</c> never covers example.org itself.
/// </summary>
internal static class DomainMatcher
{
    public static bool TryMatch<T>(IReadOnlyDictionary<string, T> table, string domain, bool allowWildcard, out T value, out string key)
    {
        var name = Normalize(domain);
        if (table.TryGetValue(name, out value!))
        {
            key = name;
            return true;
        }

        for (var dot = name.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = name.IndexOf('.', dot + 1))
        {
            var parent = name[dot..];
            if (parent.Length > 1 && table.TryGetValue(parent, out value!))
            {
                key = parent;
                return true;
            }
        }

        if (allowWildcard && table.TryGetValue("*", out value!))
        {
            key = "*";
            return true;
        }

        key = string.Empty;
        value = default!;
        return false;
    }

    /// <summary>Lower case, no trailing root dot: <c>Example.ORG.</c> → <c>example.org</c>.</summary>
    public static string Normalize(string domain) => domain.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>The domain of an address: after the last <c>@</c> (the local part may quote an <c>@</c>).</summary>
    public static string DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? string.Empty : Normalize(address[(at + 1)..]);
    }
}
