using System.Net;

namespace TlsRecordingRelay.Delivery.Routing;

/// <summary>One address to try, with the host name it belongs to (for SNI and certificate name checks).</summary>
public sealed record NextHop(string Host, IPAddress Address, int Port)
{
    public override string ToString() => $"{Host}[{Address}]:{Port}";
}
