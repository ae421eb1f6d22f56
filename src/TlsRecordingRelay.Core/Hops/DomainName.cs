namespace TlsRecordingRelay.Core.Hops;

/// <summary>Case-insensitive host name comparisons (RFC 4343), ignoring a trailing root dot.</summary>
internal static class DomainName
{
    public static ReadOnlySpan<char> Trim(ReadOnlySpan<char> name) =>
        name.Length > 1 && name[^1] == '.' ? name[..^1] : name;

    public static bool AreEqual(string? a, string? b) =>
        a is not null && b is not null && Trim(a).Equals(Trim(b), StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="host"/> is <paramref name="domain"/> or a subdomain of it (a leading '.' is allowed).</summary>
    public static bool IsWithin(string host, string domain)
    {
        var h = Trim(host);
        var d = Trim(domain.AsSpan().TrimStart('.'));
        if (d.IsEmpty || !h.EndsWith(d, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return h.Length == d.Length || h[h.Length - d.Length - 1] == '.';
    }
}
