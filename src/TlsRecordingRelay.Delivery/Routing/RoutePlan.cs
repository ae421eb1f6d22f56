using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Delivery.Routing;

/// <summary>
/// Where the mail for one domain goes: the addresses to try in order (MX preference, then A before AAAA),
/// or why there is nowhere to go (<paramref name="Failure"/>).
/// </summary>
/// <param name="Route">How it was chosen: <c>route:KEY</c> (transport map / smart host) or <c>mx:DOMAIN</c>.</param>
public sealed record RoutePlan(string Route, IReadOnlyList<NextHop> Hops, DeliveryOutcome? Failure)
{
    public static RoutePlan Unroutable(string route, DeliveryOutcome failure) => new(route, [], failure);
}
