using System.Globalization;
using System.Text;
using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Milter.Analysis;

/// <summary>
/// The summary header's value (docs/milter.md): <c>VERDICT; N hops; inbound TLSv1.3 CIPHER; plaintext hop I from
/// HOST [IP]; queue ID</c>. Items are separated by "; ", printable ASCII only, bounded, so no text from the message
/// can add a header or break the field.
/// </summary>
internal static class HopsHeader
{
    private const int MaxLength = 900; // RFC 5322 §2.1.1: lines at most 998 characters

    public static string Format(ChainAnalysis analysis, TlsDetails? inbound, string? queueId)
    {
        var value = new StringBuilder(160);
        value.Append(analysis.Verdict).Append("; ")
            .Append(analysis.Hops.Count.ToString(CultureInfo.InvariantCulture))
            .Append(analysis.Hops.Count == 1 ? " hop" : " hops");
        value.Append("; inbound ");
        if (inbound is null)
        {
            value.Append("plaintext");
        }
        else
        {
            value.Append(Clean(inbound.Version ?? inbound.VersionRaw ?? "TLS"));
            if (inbound.Cipher is { Length: > 0 } cipher)
            {
                value.Append(' ').Append(Clean(cipher));
            }
        }

        if (analysis.PlaintextHopIndex is { } index && index < analysis.Hops.Count)
        {
            var hop = analysis.Hops[index];
            value.Append("; plaintext hop ").Append(index.ToString(CultureInfo.InvariantCulture));
            var host = hop.From.Rdns ?? hop.From.Helo;
            if (host is not null)
            {
                value.Append(" from ").Append(Clean(host));
            }

            if (hop.From.Ip is not null)
            {
                value.Append(" [").Append(Clean(hop.From.Ip)).Append(']');
            }
        }

        if (queueId is { Length: > 0 })
        {
            value.Append("; queue ").Append(Clean(queueId));
        }

        return value.Length > MaxLength ? value.ToString(0, MaxLength) : value.ToString();
    }

    /// <summary>Keeps visible ASCII except the separators ';' '[' ']', so a claimed host name stays one item.</summary>
    private static string Clean(string text)
    {
        var clean = new StringBuilder(Math.Min(text.Length, 255));
        foreach (var c in text)
        {
            if (clean.Length == 255)
            {
                break;
            }

            if (c is > ' ' and < (char)127 and not (';' or '[' or ']'))
            {
                clean.Append(c);
            }
        }

        return clean.Length == 0 ? "?" : clean.ToString();
    }
}
