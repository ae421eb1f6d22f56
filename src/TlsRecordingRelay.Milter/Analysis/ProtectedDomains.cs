namespace TlsRecordingRelay.Milter.Analysis;

/// <summary>Recipient domains the plaintext-chain policy covers; a leading '.' covers subdomains (as Postfix maps do).</summary>
internal sealed class ProtectedDomains(IReadOnlyList<string> domains)
{
    /// <summary>True when the list is empty (every recipient) or some recipient's domain is listed.</summary>
    public bool CoversAny(IEnumerable<string> recipients) =>
        domains.Count == 0 || recipients.Any(Covers);

    private bool Covers(string recipient)
    {
        var at = recipient.LastIndexOf('@');
        if (at < 0)
        {
            return false;
        }

        var domain = recipient[(at + 1)..].TrimEnd('.');
        foreach (var entry in domains)
        {
            if (entry.StartsWith('.')
                ? domain.EndsWith(entry, StringComparison.OrdinalIgnoreCase)
                : domain.Equals(entry, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
