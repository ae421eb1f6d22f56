using System.Net;
using DnsClient;
using Microsoft.Extensions.Options;

namespace TlsRecordingRelay.Delivery.Routing;

/// <summary><see cref="IDnsLookup"/> over DnsClient, against <c>Delivery:DnsServer</c> or the system resolvers.</summary>
internal sealed class DnsClientLookup : IDnsLookup
{
    private readonly LookupClient _client;

    public DnsClientLookup(IOptions<DeliveryOptions> options)
    {
        var server = options.Value.DnsServer;
        var lookupOptions = string.IsNullOrWhiteSpace(server)
            ? new LookupClientOptions()
            : new LookupClientOptions(new NameServer(ParseServer(server)));
        lookupOptions.UseCache = true;
        lookupOptions.Timeout = TimeSpan.FromSeconds(5);
        lookupOptions.Retries = 2;
        // Errors are answers here (NXDOMAIN bounces, SERVFAIL defers); only timeouts still throw.
        lookupOptions.ThrowDnsErrors = false;
        // SERVFAIL from one server must not be hidden by asking the next one and reading NXDOMAIN as final.
        lookupOptions.ContinueOnDnsError = false;
        _client = new LookupClient(lookupOptions);
    }

    public async Task<DnsAnswer<MxRecord>> MxAsync(string domain, CancellationToken cancellationToken)
    {
        var (status, response, error) = await QueryAsync(domain, QueryType.MX, cancellationToken);
        if (response is null || status != DnsStatus.Found)
        {
            return new DnsAnswer<MxRecord>(status, [], error);
        }

        var records = response.Answers.MxRecords()
            .Select(mx => new MxRecord(mx.Preference, mx.Exchange.Value.TrimEnd('.')))
            .ToList();
        return records.Count == 0 ? new DnsAnswer<MxRecord>(DnsStatus.NoRecords, []) : new DnsAnswer<MxRecord>(DnsStatus.Found, records);
    }

    public async Task<DnsAnswer<IPAddress>> AddressesAsync(string host, CancellationToken cancellationToken)
    {
        var (v4Status, v4, v4Error) = await QueryAsync(host, QueryType.A, cancellationToken);
        var (v6Status, v6, v6Error) = await QueryAsync(host, QueryType.AAAA, cancellationToken);
        var addresses = new List<IPAddress>();
        addresses.AddRange(v4?.Answers.ARecords().Select(a => a.Address) ?? []);
        addresses.AddRange(v6?.Answers.AaaaRecords().Select(a => a.Address) ?? []);
        if (addresses.Count > 0)
        {
            return new DnsAnswer<IPAddress>(DnsStatus.Found, addresses);
        }

        if (v4Status == DnsStatus.TemporaryFailure || v6Status == DnsStatus.TemporaryFailure)
        {
            return new DnsAnswer<IPAddress>(DnsStatus.TemporaryFailure, [], v4Error ?? v6Error);
        }

        return new DnsAnswer<IPAddress>(v4Status == DnsStatus.NotFound ? DnsStatus.NotFound : DnsStatus.NoRecords, []);
    }

    private async Task<(DnsStatus Status, IDnsQueryResponse? Response, string? Error)> QueryAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _client.QueryAsync(name, type, QueryClass.IN, cancellationToken);
        }
        catch (DnsResponseException e)
        {
            return (DnsStatus.TemporaryFailure, null, $"{type} {name}: {e.Message}");
        }

        if (!response.HasError)
        {
            // The caller reads the records of its type: an answer of only a CNAME is still NODATA for MX.
            return (DnsStatus.Found, response, null);
        }

        return response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain
            ? (DnsStatus.NotFound, response, $"{type} {name}: NXDOMAIN")
            : (DnsStatus.TemporaryFailure, response, $"{type} {name}: {response.ErrorMessage}");
    }

    private static IPEndPoint ParseServer(string server)
    {
        var endpoint = IPEndPoint.Parse(server);
        return endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint;
    }
}
