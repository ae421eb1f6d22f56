using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Core.Reports;

/// <summary>One accepted message as the report shows it: acceptance, the judged hop chain, each recipient's delivery.</summary>
public sealed record DeliveryReport
{
    public required string QueueId { get; init; }

    /// <summary>The Message-ID header without angle brackets; null when the message has none.</summary>
    public required string? MessageId { get; init; }

    public required DateTime ReceivedAtUtc { get; init; }

    /// <summary>The envelope sender; empty for the null reverse-path.</summary>
    public required string MailFrom { get; init; }

    public required int SizeBytes { get; init; }

    public required InboundClient Client { get; init; }

    /// <summary>RFC 3848 word of the hop into us (ESMTP, ESMTPS, ESMTPA, ESMTPSA).</summary>
    public required string WithProtocol { get; init; }

    public required TlsDetails? Tls { get; init; }

    /// <summary>The server name the client asked for in its ClientHello.</summary>
    public required string? Sni { get; init; }

    public required string? AuthenticatedUser { get; init; }

    /// <summary>The chain verdict (encrypted, plaintext, unknown); null when the message was stored unanalysed.</summary>
    public required string? Verdict { get; init; }

    /// <summary>The stored contract hop array, exactly as judged at acceptance (our own hop at index 0).</summary>
    public required string HopsJson { get; init; }

    /// <summary><see cref="HopsJson"/> read back, for the terminal and the web page.</summary>
    public required IReadOnlyList<ReportHop> Hops { get; init; }

    public required IReadOnlyList<RecipientReport> Recipients { get; init; }
}
