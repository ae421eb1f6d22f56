using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Core.Milter;
using TlsRecordingRelay.Core.Received;
using TlsRecordingRelay.Milter.Session;

namespace TlsRecordingRelay.Milter.Analysis;

/// <summary>
/// At the final dot: rebuilds the MTA's own hop from its macros (its Received line is not among the headers a
/// milter sees), analyses it with the upstream chain, and decides the report row, the header and the policy answer.
/// Pure: no I/O.
/// </summary>
internal sealed class MessageAnalyzer(MilterOptions options, HopAnalyzer analyzer, TimeProvider time)
{
    public const string ActionAccept = "accept";
    public const string ActionTempfail = "tempfail";
    public const string ActionReject = "reject";

    private readonly ProtectedDomains _protected = new(options.ProtectedDomains);

    public MilterDecision Decide(Guid sessionId, ConnectionFacts connection, MessageFacts message, MacroTable macros)
    {
        var now = time.GetUtcNow();
        var tls = MacroTls.From(macros);
        var authenticated = macros.GetNonEmpty("auth_authen");
        var queueId = macros.GetNonEmpty("i");
        var mtaHost = macros.GetNonEmpty("j");
        var recipients = message.Recipients.Select(StripBrackets).Distinct(StringComparer.Ordinal).ToList();
        var ip = AddressOf(connection.Address ?? macros.GetNonEmpty("client_addr"));
        var rdns = KnownName(macros.GetNonEmpty("client_name")) ?? KnownName(connection.Hostname);

        // RFC 3848 as far as the macros tell: S when TLS macros are defined, A when {auth_authen} is.
        var with = "ESMTP" + (tls is null ? string.Empty : "S") + (authenticated is null ? string.Empty : "A");
        var stamp = ReceivedStamp.Build(new ReceivedStampInput(
            connection.Helo, rdns, ip, mtaHost ?? "unknown", with, queueId ?? "unknown", tls, recipients, now));
        var mtaHop = Unfold(stamp["Received:".Length..]).Trim();

        var upstream = message.Headers
            .Where(h => h.Key.Equals("Received", StringComparison.OrdinalIgnoreCase))
            .Select(h => Unfold(h.Value).Trim())
            .ToList();
        var analysis = analyzer.AnalyzeFields([mtaHop, .. upstream], observedHops: 1);

        var action = ActionAccept;
        string? refusal = null;
        if (analysis.Verdict == HopSecurity.Plaintext
            && options.OnPlaintextChain != PlaintextChainAction.Accept
            && _protected.CoversAny(recipients))
        {
            var hop = analysis.PlaintextHopIndex ?? 0;
            (action, refusal) = options.OnPlaintextChain == PlaintextChainAction.Reject
                ? (ActionReject, $"550 5.7.1 Refused by policy: the Received chain has a plaintext hop (hop {hop})")
                : (ActionTempfail, $"451 4.7.1 Deferred by policy: the Received chain has a plaintext hop (hop {hop})");
        }

        var header = options.AddHeader && refusal is null ? HopsHeader.Format(analysis, tls, queueId) : null;
        var messageId = message.Headers.FirstOrDefault(h => h.Key.Equals("Message-ID", StringComparison.OrdinalIgnoreCase)).Value;

        var report = new MilterReport
        {
            SessionId = sessionId,
            MtaQueueId = queueId,
            MtaHostname = mtaHost,
            DaemonName = macros.GetNonEmpty("daemon_name"),
            MessageId = HeaderBlock.NormalizeMessageId(messageId is null ? null : Unfold(messageId)),
            ReceivedAtUtc = now.UtcDateTime,
            MailFrom = StripBrackets(message.MailFrom ?? string.Empty),
            Recipients = recipients,
            Client = new InboundClient(ip, connection.Port ?? 0, connection.Helo, rdns),
            WithProtocol = with,
            Tls = tls,
            ClientCertificateSubject = macros.GetNonEmpty("cert_subject"),
            ClientCertificateIssuer = macros.GetNonEmpty("cert_issuer"),
            AuthenticatedUser = authenticated,
            MtaReceived = stamp,
            UpstreamReceived = upstream,
            Verdict = analysis.Verdict,
            HopsJson = HopJson.SerializeHops(analysis.Hops),
            Action = action,
            AddedHeader = header,
        };
        return new MilterDecision(report, header, refusal, analysis);
    }

    /// <summary>Sendmail writes IPv6 clients as "IPv6:2001:db8::1" (RFC 5321 §4.1.3 literal), Postfix without the tag.</summary>
    private static string AddressOf(string? address) =>
        address is null ? "unknown"
        : address.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase) ? address["IPv6:".Length..]
        : address;

    /// <summary>Postfix sends "unknown" (or "[address]" in SMFIC_CONNECT) when the client has no verified name.</summary>
    private static string? KnownName(string? name) =>
        name is null || name.StartsWith('[') || name.Equals("unknown", StringComparison.OrdinalIgnoreCase) ? null : name;

    private static string StripBrackets(string address)
    {
        var trimmed = address.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '<' && trimmed[^1] == '>' ? trimmed[1..^1] : trimmed;
    }

    /// <summary>RFC 5322 §2.2.3: unfolding removes the line breaks (milter values fold with LF), the white space stays.</summary>
    private static string Unfold(string value) => value.Replace("\r\n", string.Empty, StringComparison.Ordinal)
        .Replace("\n", string.Empty, StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal);
}
