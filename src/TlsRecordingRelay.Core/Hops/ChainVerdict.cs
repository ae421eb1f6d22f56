using System.Globalization;
using System.Text;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// The chain's verdict over the hops between organisations (every hop not judged internal): plaintext if any is
/// plaintext (naming the newest such hop), encrypted if all record TLS, unknown otherwise.
/// </summary>
internal static class ChainVerdict
{
    public static ChainAnalysis Decide(IReadOnlyList<Hop> hops)
    {
        int? plaintext = null;
        var plaintextCount = 0;
        var between = 0;
        var encrypted = 0;
        List<int>? unknown = null;
        foreach (var hop in hops)
        {
            switch (hop.Security)
            {
                case HopSecurity.Internal:
                    continue;
                case HopSecurity.Plaintext:
                    plaintext ??= hop.Index;
                    plaintextCount++;
                    break;
                case HopSecurity.Encrypted:
                    encrypted++;
                    break;
                default:
                    (unknown ??= new List<int>(4)).Add(hop.Index);
                    break;
            }

            between++;
        }

        if (plaintext is { } index)
        {
            var more = plaintextCount > 1 ? $" ({plaintextCount - 1} more plaintext hop(s) below)" : string.Empty;
            var reason = $"hop {index} ({Describe(hops[index])}) travelled in plaintext: {hops[index].Reason}{more}";
            return new ChainAnalysis(HopSecurity.Plaintext, hops, reason, index);
        }

        if (between == 0)
        {
            return new ChainAnalysis(HopSecurity.Unknown, hops, "every hop is internal: no hop between organisations to judge", null);
        }

        if (encrypted == between)
        {
            return new ChainAnalysis(HopSecurity.Encrypted, hops, $"all {between} hop(s) between organisations record TLS", null);
        }

        var list = string.Join(", ", (unknown ?? []).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        return new ChainAnalysis(HopSecurity.Unknown, hops, $"hop(s) {list} record no TLS, by servers that may not record it", null);
    }

    /// <summary>"sender → receiver", naming each side as precisely as the line allows.</summary>
    public static string Describe(Hop hop)
    {
        var builder = new StringBuilder();
        builder.Append(hop.From.Rdns ?? hop.From.Helo ?? hop.From.Ip ?? "?");
        if (hop.From.Ip is not null && (hop.From.Rdns ?? hop.From.Helo) is not null)
        {
            builder.Append(" [").Append(hop.From.Ip).Append(']');
        }

        return builder.Append(" → ").Append(hop.By ?? "?").ToString();
    }
}
