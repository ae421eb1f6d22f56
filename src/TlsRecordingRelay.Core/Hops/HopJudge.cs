using System.Net;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// Judges one hop (DESIGN.md "Hop analysis"): encrypted when the line records TLS; internal for a hand-off inside
/// one host or organisation; plaintext when a stamper that always records TLS recorded none; unknown otherwise.
/// </summary>
internal sealed class HopJudge
{
    private readonly TrustedPeers _trusted;
    private readonly PublicSuffixList _suffixes;

    public HopJudge(TrustedPeers trusted, PublicSuffixList suffixes)
    {
        _trusted = trusted;
        _suffixes = suffixes;
    }

    public Judgement Judge(HopFacts hop)
    {
        var line = hop.Line;
        if (!line.Recognised)
        {
            return new(HopSecurity.Unknown, "unparsed: no Received clause or date found in this field");
        }

        if (hop.Tls is { } tls)
        {
            return new(HopSecurity.Encrypted, tls.Reason);
        }

        if (Internal(hop) is { } why)
        {
            return new(HopSecurity.Internal, why);
        }

        if (hop.Family is { } family)
        {
            return family.RecordsTls
                ? new(HopSecurity.Plaintext, family.PlaintextReason)
                : new(HopSecurity.Unknown, family.UnknownReason);
        }

        return new(HopSecurity.Unknown, $"no TLS recorded, and the stamping server ({line.By ?? "unnamed"}) is not known to record TLS");
    }

    private string? Internal(HopFacts hop)
    {
        var line = hop.Line;
        var from = hop.From;
        if (from.Ip is not null && IPAddress.TryParse(from.Ip, out var ip))
        {
            if (IPAddress.IsLoopback(ip))
            {
                return $"loopback peer {from.Ip}: a hand-off inside one host";
            }

            if (_trusted.NetworkOf(ip) is { } network)
            {
                return $"peer {from.Ip} is inside trusted network {network}";
            }

            if (IsPrivate(ip))
            {
                return $"peer {from.Ip} is a private address (RFC 1918/4193/3927), which cannot cross the Internet";
            }
        }

        if (LocalHandOff(line) is { } local)
        {
            return local;
        }

        if (hop.Observed)
        {
            // Beyond the address, an observed hop's names are the client's HELO or its own PTR record: both chosen
            // by the client, so they must not turn our own hop "internal" and hide a plaintext delivery.
            return null;
        }

        if (!line.HasFrom && line.HasBy && from.Ip is null)
        {
            // RFC 5321 §4.4: an SMTP relay MUST write the from clause; without one the message began on this host.
            return $"no sending peer: the message was created on {line.By}";
        }

        // Who sent: the reverse-DNS name this line's own stamper looked up. The older line's "by" was written
        // further upstream — by the sender itself, if the sender forged it — so it stands in only when this line
        // records no peer address that its stamper could have checked. The HELO is never used: the client chose it.
        var sender = from.Rdns ?? (from.Ip is null ? hop.PreviousBy : null);
        if (DomainName.AreEqual(sender, line.By))
        {
            return $"the same host ({line.By}) stamped twice: a hand-off to itself";
        }

        if (_trusted.IsTrustedHost(sender) && _trusted.IsTrustedHost(line.By))
        {
            return $"{sender} and {line.By} are trusted hosts";
        }

        var domain = _suffixes.SameRegistrableDomain(sender, line.By) ? _suffixes.RegistrableDomain(line.By) : null;
        return domain is null ? null : $"both ends are in {domain} ({sender} → {line.By})";
    }

    /// <summary>Local submission and delivery written by the stampers themselves.</summary>
    private static string? LocalHandOff(ReceivedLine line)
    {
        var text = line.Text;
        foreach (var token in line.Tokens)
        {
            if (token.Kind != TokenKind.Comment || token.Clause == Clause.Date)
            {
                continue;
            }

            var content = token.Span(text);
            if (token.Clause == Clause.Preamble && content.StartsWith("from ", StringComparison.OrdinalIgnoreCase))
            {
                // sendmail's local submission: "Received: (from user@localhost) by host (8.x/8.x/Submit)".
                return $"local submission ({content})";
            }

            if (content.Contains("from userid", StringComparison.OrdinalIgnoreCase)
                || content.Contains("invoked by uid", StringComparison.OrdinalIgnoreCase)
                || content.Contains("invoked by alias", StringComparison.OrdinalIgnoreCase))
            {
                // Postfix "(Postfix, from userid 1000)", qmail "(qmail 1234 invoked by uid 89)".
                return $"local submission ({content})";
            }
        }

        var with = line.With;
        if (with is null)
        {
            return null;
        }

        if (with.Equals("local", StringComparison.OrdinalIgnoreCase) || with.StartsWith("local-", StringComparison.OrdinalIgnoreCase))
        {
            return $"with {with}: Exim's local submission";
        }

        if (with.StartsWith("LMTP", StringComparison.OrdinalIgnoreCase) || with.StartsWith("UTF8LMTP", StringComparison.OrdinalIgnoreCase))
        {
            return $"with {with}: final delivery to the mailbox store (RFC 2033 LMTP), inside one system";
        }

        return with.Equals("mapi", StringComparison.OrdinalIgnoreCase)
            ? "with mapi: Exchange's hand-off from a mailbox client inside one organisation"
            : null;
    }

    private static bool IsPrivate(IPAddress ip)
    {
        if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            ip.TryWriteBytes(b, out _);
            return b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254);
        }

        return ip.IsIPv6UniqueLocal || ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal;
    }
}
