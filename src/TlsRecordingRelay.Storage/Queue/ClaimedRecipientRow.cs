namespace TlsRecordingRelay.Storage.Queue;

/// <summary>Dapper row of the claim statement.</summary>
internal sealed class ClaimedRecipientRow
{
    public long Id { get; init; }

    public long MessageRef { get; init; }

    public string Address { get; init; } = string.Empty;

    public int Attempts { get; init; }
}
