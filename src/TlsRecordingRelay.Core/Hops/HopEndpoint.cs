namespace TlsRecordingRelay.Core.Hops;

/// <summary>The sending side of a hop as its Received line names it.</summary>
/// <param name="Helo">The name the client gave in HELO/EHLO (client-chosen: it may lie).</param>
/// <param name="Rdns">The reverse-DNS name the receiver looked up, when it printed one ("unknown" becomes null).</param>
/// <param name="Ip">The peer address, normalised (IPv4-mapped IPv6 printed as IPv4).</param>
public sealed record HopEndpoint(string? Helo, string? Rdns, string? Ip)
{
    public static HopEndpoint None { get; } = new(null, null, null);
}
