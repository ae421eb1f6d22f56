using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Core.Dashboard;

/// <summary>
/// Who handed a message to us, as the dashboard groups it: the registrable domain (Public Suffix List) of the hop
/// into us — its reverse-DNS name, else its HELO name, else its address. That hop is the one we observed ourselves;
/// the older hops of the chain are claims anyone can forge, so the origin is not used to group.
/// </summary>
public static class SendingOrganisation
{
    public static string Of(string? rdns, string? helo, string ip) =>
        Registrable(rdns) ?? Registrable(helo) ?? (string.IsNullOrWhiteSpace(ip) ? "(unknown)" : ip);

    /// <summary>Adds up per-host rows into one row per organisation, busiest first.</summary>
    public static IReadOnlyList<SendingOrganisationStats> RollUp(IEnumerable<SendingOrganisationStats> perHost) =>
        [.. perHost
            .GroupBy(s => s.Organisation, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Aggregate((a, b) => a.Add(b)))
            .OrderByDescending(s => s.Messages)
            .ThenBy(s => s.Organisation, StringComparer.Ordinal)];

    private static string? Registrable(string? host) =>
        string.IsNullOrWhiteSpace(host) ? null : PublicSuffixList.Embedded.RegistrableDomain(host.Trim());
}
