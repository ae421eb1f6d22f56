using System.Net;
using Microsoft.Extensions.Options;
using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Delivery.Routing;

/// <summary>
/// Chooses the next hops for a recipient domain: <c>Delivery:Routes</c> first (transport map, <c>*</c> =
/// smart host), else the domain's MX records (RFC 5321 §5.1), else its own A/AAAA (the implicit MX).
/// </summary>
public sealed class RouteResolver
{
    private readonly IDnsLookup _dns;
    private readonly Dictionary<string, RouteEndpoint> _routes;
    private readonly int _smtpPort;

    public RouteResolver(IDnsLookup dns, IOptions<DeliveryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dns = dns;
        _smtpPort = options.Value.SmtpPort;
        _routes = new Dictionary<string, RouteEndpoint>(StringComparer.Ordinal);
        foreach (var (domain, target) in options.Value.Routes)
        {
            if (RouteEndpoint.TryParse(target, out var endpoint))
            {
                _routes[domain == "*" ? "*" : DomainMatcher.Normalize(domain)] = endpoint;
            }
        }
    }

    /// <summary>The key grouping recipients that share a route, so they share a connection.</summary>
    public string RouteKey(string domain) =>
        DomainMatcher.TryMatch(_routes, domain, allowWildcard: true, out _, out var key) ? "route:" + key : "mx:" + DomainMatcher.Normalize(domain);

    public async Task<RoutePlan> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        domain = DomainMatcher.Normalize(domain);
        if (DomainMatcher.TryMatch(_routes, domain, allowWildcard: true, out var endpoint, out var key))
        {
            return await ResolveRouteAsync("route:" + key, endpoint, cancellationToken);
        }

        var route = "mx:" + domain;
        if (domain.Length == 0)
        {
            return RoutePlan.Unroutable(route, DeliveryOutcome.Failure("5.1.3", "recipient address has no domain"));
        }

        var mx = await _dns.MxAsync(domain, cancellationToken);
        switch (mx.Status)
        {
            case DnsStatus.TemporaryFailure:
                return RoutePlan.Unroutable(route, DeliveryOutcome.Temporary("4.4.3", $"MX lookup for {domain} failed: {mx.Error}"));
            case DnsStatus.NotFound:
                return RoutePlan.Unroutable(route, DeliveryOutcome.Failure("5.1.2", $"domain {domain} does not exist (NXDOMAIN)"));
            case DnsStatus.NoRecords:
                // RFC 5321 §5.1: no MX records means the domain itself is the implicit MX.
                return await ResolveHostsAsync(route, [new MxRecord(0, domain)], implicitMx: true, cancellationToken);
            default:
                break;
        }

        // RFC 7505 §3: a single "0 ." MX says the domain accepts no mail; §4.1: fail at once, 556 5.1.10.
        if (mx.Records.Any(r => r.Exchange.Length == 0))
        {
            return RoutePlan.Unroutable(route, DeliveryOutcome.Failure("5.1.10", $"domain {domain} accepts no mail (null MX, RFC 7505)", 556));
        }

        // RFC 5321 §5.1: lowest preference first; equal preferences in random order to spread load.
        var ordered = mx.Records.OrderBy(r => r.Preference).ThenBy(_ => Random.Shared.Next()).ToList();
        return await ResolveHostsAsync(route, ordered, implicitMx: false, cancellationToken);
    }

    private async Task<RoutePlan> ResolveRouteAsync(string route, RouteEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(endpoint.Host, out var literal))
        {
            return new RoutePlan(route, [new NextHop(endpoint.Host, literal, endpoint.Port)], null);
        }

        var addresses = await _dns.AddressesAsync(endpoint.Host, cancellationToken);
        if (addresses.Records.Count == 0)
        {
            // A route is the operator's decision: a missing host is a configuration error to fix, not a
            // reason to return the sender's mail, so it defers (as Postfix does for relayhost).
            return RoutePlan.Unroutable(route, DeliveryOutcome.Temporary("4.4.4", $"route host {endpoint.Host} has no address: {addresses.Error ?? addresses.Status.ToString()}"));
        }

        return new RoutePlan(route, [.. addresses.Records.Select(a => new NextHop(endpoint.Host, a, endpoint.Port))], null);
    }

    private async Task<RoutePlan> ResolveHostsAsync(string route, IReadOnlyList<MxRecord> exchanges, bool implicitMx, CancellationToken cancellationToken)
    {
        var hops = new List<NextHop>();
        var temporary = new List<string>();
        foreach (var exchange in exchanges)
        {
            var addresses = await _dns.AddressesAsync(exchange.Exchange, cancellationToken);
            if (addresses.Status == DnsStatus.TemporaryFailure)
            {
                temporary.Add(addresses.Error ?? exchange.Exchange);
            }

            hops.AddRange(addresses.Records.Select(a => new NextHop(exchange.Exchange, a, _smtpPort)));
        }

        if (hops.Count > 0)
        {
            return new RoutePlan(route, hops, null);
        }

        if (temporary.Count > 0)
        {
            return RoutePlan.Unroutable(route, DeliveryOutcome.Temporary("4.4.3", "address lookup failed: " + string.Join("; ", temporary)));
        }

        var what = implicitMx ? "has no MX and no address records" : "has MX hosts without address records";
        return RoutePlan.Unroutable(route, DeliveryOutcome.Failure("5.4.4", $"{exchanges[0].Exchange} {what}"));
    }
}
