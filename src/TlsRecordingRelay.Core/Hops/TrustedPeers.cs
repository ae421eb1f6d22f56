using System.Net;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>The operator's trusted networks and hosts, parsed once.</summary>
internal sealed class TrustedPeers
{
    private readonly IPNetwork[] _networks;
    private readonly string[] _hosts;

    public TrustedPeers(HopAnalyzerSettings settings)
    {
        _networks = [.. settings.TrustedNetworks.Select(ParseNetwork)];
        _hosts = [.. settings.TrustedHosts.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim())];
    }

    /// <summary>Parses <c>10.0.0.0/8</c>, <c>2001:db8::/32</c> or a single address.</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (IPNetwork.TryParse(text, out network))
        {
            return true;
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    public string? NetworkOf(IPAddress address)
    {
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return network.ToString();
            }
        }

        return null;
    }

    public bool IsTrustedHost(string? host)
    {
        if (host is null)
        {
            return false;
        }

        foreach (var trusted in _hosts)
        {
            if (trusted[0] == '.' ? DomainName.IsWithin(host, trusted) : DomainName.AreEqual(host, trusted))
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork ParseNetwork(string text) =>
        TryParseNetwork(text, out var network)
            ? network
            : throw new ArgumentException($"Trusted network \"{text}\" is neither CIDR (10.0.0.0/8) nor an address.", nameof(text));
}
