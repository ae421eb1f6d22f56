using System.Net;
using DnsClient;

namespace TlsRecordingRelay.Smtp.Session;

/// <summary>
/// Forward-confirmed reverse DNS (FCrDNS) of a client, as Postfix prints it in Received lines: the PTR
/// name only when it resolves back to the same address, so a forged PTR is never shown as fact.
/// </summary>
public sealed class ReverseDnsResolver(ILookupClient lookup)
{
    public async Task<string?> ResolveAsync(IPAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IPAddress.IsLoopback(address))
        {
            return "localhost"; // no query needed, and none would be answered in an isolated test
        }

        try
        {
            var reverse = await lookup.QueryReverseAsync(address, cancellationToken);
            var name = reverse.Answers.PtrRecords().Select(r => r.PtrDomainName.Value.TrimEnd('.')).FirstOrDefault();
            if (string.IsNullOrEmpty(name))
            {
                return null;
            }

            var type = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? QueryType.AAAA : QueryType.A;
            var forward = await lookup.QueryAsync(name, type, cancellationToken: cancellationToken);
            var confirmed = forward.Answers.AddressRecords().Any(r => r.Address.Equals(address));
            return confirmed ? name : null;
        }
        catch (DnsResponseException)
        {
            return null;
        }
    }
}
