using System.Net;

namespace TlsRecordingRelay.Smtp.Policy;

/// <summary>
/// Decides whether a recipient may be accepted: its domain is ours (MX mode), or the client is on an
/// allowed network or authenticated (smart-host mode). Everything else is relaying and is refused.
/// </summary>
public sealed class RelayRules
{
    private readonly HashSet<string> _exactDomains = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _parentDomains = [];
    private readonly List<IPNetwork> _networks = [];

    public RelayRules(RelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var domain in options.AcceptedDomains.Select(d => d.Trim().TrimEnd('.')).Where(d => d.Length > 0))
        {
            if (domain.StartsWith('.'))
            {
                _parentDomains.Add(domain);
            }
            else
            {
                _exactDomains.Add(domain);
            }
        }

        _networks.AddRange(options.AllowedNetworks.Select(n => IPNetwork.Parse(n)));
    }

    public bool IsAcceptedDomain(string domain)
    {
        domain = domain.TrimEnd('.');
        if (domain.StartsWith('[') || domain.Length == 0)
        {
            // An address literal is never one of our domains.
            return false;
        }

        return _exactDomains.Contains(domain)
            || _parentDomains.Exists(p => domain.EndsWith(p, StringComparison.OrdinalIgnoreCase));
    }

    public bool IsAllowedClient(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return _networks.Exists(n => n.Contains(address));
    }

    public bool MayRelay(IPAddress client, bool authenticated, string recipientUser, string recipientDomain) =>
        authenticated || IsAllowedClient(client) || (IsAcceptedDomain(recipientDomain) && !RoutesOnward(recipientUser));

    /// <summary>
    /// A local part that another MTA may read as a route to a further domain: the percent hack
    /// (<c>user%other@ours</c>, RFC 1123 §5.2.16), a UUCP bang path (<c>other!user@ours</c>), or a quoted
    /// <c>"user@other"@ours</c>. We hand the address to the accepted domain's next hop unchanged, and a next hop
    /// that honours these forms (sendmail's old default; Postfix's <c>allow_percent_hack</c>,
    /// <c>swap_bangpath</c>, <c>resolve_dequoted_address</c>) would relay onward for an outsider. Postfix
    /// refuses them in relay context; so do we. A dropped source route (<c>@a:b@c</c>, RFC 5321 §3.6.1) never
    /// reaches this point: the parser keeps only the mailbox.
    /// </summary>
    public static bool RoutesOnward(string localPart) => localPart.AsSpan().IndexOfAny('%', '!', '@') >= 0;
}
