namespace TlsRecordingRelay.Storage.Queue;

/// <summary>One row of <see cref="QueueSql.Depth"/>, as Dapper reads it.</summary>
internal sealed class QueueDepthRow
{
    public string Status { get; init; } = string.Empty;

    public long Recipients { get; init; }

    public DateTime Oldest { get; init; }
}
