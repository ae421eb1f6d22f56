using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Core.Milter;

/// <summary>
/// The report of one message seen through the milter protocol: the MTA's facts (from its macros), the analysed
/// Received chain with the MTA's own hop at index 0, and what we told the MTA to do.
/// </summary>
public sealed record MilterReport
{
    /// <summary>The milter connection's session id (one MTA SMTP session; also in our logs).</summary>
    public required Guid SessionId { get; init; }

    /// <summary>The MTA's queue id (macro <c>i</c>); null when the MTA did not send it.</summary>
    public required string? MtaQueueId { get; init; }

    /// <summary>The MTA's host name (macro <c>j</c>).</summary>
    public required string? MtaHostname { get; init; }

    /// <summary>The MTA's listener name (macro <c>{daemon_name}</c>).</summary>
    public required string? DaemonName { get; init; }

    /// <summary>The Message-ID header without angle brackets; null when the message has none.</summary>
    public required string? MessageId { get; init; }

    /// <summary>UTC time of the final dot as we saw it.</summary>
    public required DateTime ReceivedAtUtc { get; init; }

    /// <summary>The envelope sender without angle brackets; empty for the null reverse-path.</summary>
    public required string MailFrom { get; init; }

    public required IReadOnlyList<string> Recipients { get; init; }

    public required InboundClient Client { get; init; }

    /// <summary>RFC 3848 word of the MTA's hop as far as the macros show it (ESMTP, ESMTPS, ESMTPA, ESMTPSA).</summary>
    public required string WithProtocol { get; init; }

    /// <summary>The TLS session between the client and the MTA, from <c>{tls_version}</c>, <c>{cipher}</c> …</summary>
    public required TlsDetails? Tls { get; init; }

    public required string? ClientCertificateSubject { get; init; }

    public required string? ClientCertificateIssuer { get; init; }

    public required string? AuthenticatedUser { get; init; }

    /// <summary>The Received field we wrote for the MTA's hop from its macros (it is not in the headers a milter sees).</summary>
    public required string MtaReceived { get; init; }

    /// <summary>The upstream Received fields as the MTA received them, newest first, unfolded.</summary>
    public required IReadOnlyList<string> UpstreamReceived { get; init; }

    public required string Verdict { get; init; }

    /// <summary>The contract's hop list as JSON, the MTA's hop (observed) at index 0.</summary>
    public required string HopsJson { get; init; }

    /// <summary>What we answered at end of message: <c>accept</c>, <c>tempfail</c> or <c>reject</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The summary header value we asked the MTA to add, or null.</summary>
    public required string? AddedHeader { get; init; }
}
