namespace TlsRecordingRelay.Storage.Queue;

/// <summary>Dapper row of the message read after a claim.</summary>
internal sealed class ClaimedMessageRow
{
    public long Id { get; init; }

    public string QueueId { get; init; } = string.Empty;

    public string? MessageId { get; init; }

    public string MailFrom { get; init; } = string.Empty;

    public DateTime ReceivedAt { get; init; }

    public string ReceivedHeader { get; init; } = string.Empty;

    public byte[] Content { get; init; } = [];
}
