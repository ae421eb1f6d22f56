using System.Net;

namespace TlsRecordingRelay.Delivery.Routing;

/// <summary>The DNS questions delivery asks: MX of a domain, addresses of a host. A seam for tests.</summary>
public interface IDnsLookup
{
    Task<DnsAnswer<MxRecord>> MxAsync(string domain, CancellationToken cancellationToken);

    /// <summary>A then AAAA records of <paramref name="host"/>, IPv4 first.</summary>
    Task<DnsAnswer<IPAddress>> AddressesAsync(string host, CancellationToken cancellationToken);
}
