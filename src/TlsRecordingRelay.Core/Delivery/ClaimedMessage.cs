namespace TlsRecordingRelay.Core.Delivery;

/// <summary>A stored message with the recipients of it that one claim returned.</summary>
public sealed record ClaimedMessage
{
    public required long Id { get; init; }

    public required string QueueId { get; init; }

    public required string? MessageId { get; init; }

    /// <summary>The envelope sender; empty for the null reverse-path (a DSN), which never gets a DSN back.</summary>
    public required string MailFrom { get; init; }

    public required DateTime ReceivedAtUtc { get; init; }

    /// <summary>Our Received field with its CRLF, prepended verbatim; empty for messages we generated.</summary>
    public required string ReceivedHeader { get; init; }

    public required ReadOnlyMemory<byte> Content { get; init; }

    public required IReadOnlyList<ClaimedRecipient> Recipients { get; init; }
}
