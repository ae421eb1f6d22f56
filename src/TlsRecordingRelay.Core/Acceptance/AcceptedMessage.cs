using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Core.Acceptance;

/// <summary>
/// One message at the end of DATA, ready to be made durable in a single transaction
/// (message bytes, envelope, recipients as <c>queued</c>, and the report row).
/// </summary>
public sealed record AcceptedMessage
{
    public required string QueueId { get; init; }

    public required Guid SessionId { get; init; }

    /// <summary>The Message-ID header without angle brackets; null when the message has none.</summary>
    public required string? MessageId { get; init; }

    /// <summary>UTC (Npgsql writes only UTC kinds to timestamptz correctly).</summary>
    public required DateTime ReceivedAtUtc { get; init; }

    /// <summary>The envelope sender; empty for the null reverse-path <c>&lt;&gt;</c>.</summary>
    public required string MailFrom { get; init; }

    public required IReadOnlyDictionary<string, string> MailParameters { get; init; }

    public required IReadOnlyList<string> Recipients { get; init; }

    public required InboundClient Client { get; init; }

    /// <summary>RFC 3848 protocol word of our own hop: ESMTP, ESMTPS, ESMTPA, ESMTPSA (or SMTP for HELO).</summary>
    public required string WithProtocol { get; init; }

    public required TlsDetails? Tls { get; init; }

    public required string? Sni { get; init; }

    public required string? AuthenticatedUser { get; init; }

    /// <summary>Our Received field, complete with its name and the final CRLF, to be prepended on relay.</summary>
    public required string ReceivedHeader { get; init; }

    /// <summary>The message exactly as the client sent it (un-dot-stuffed, ending in CRLF), without our stamp.</summary>
    public required ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>The upstream Received fields as found in the message, newest first, unfolded text.</summary>
    public required IReadOnlyList<string> UpstreamReceived { get; init; }

    /// <summary>The chain verdict (<c>encrypted</c>/<c>plaintext</c>/<c>unknown</c>), null until analysed.</summary>
    public string? Verdict { get; init; }

    /// <summary>The hop list of the contract document as JSON (our own hop at index 0), null until analysed.</summary>
    public string? HopsJson { get; init; }
}
