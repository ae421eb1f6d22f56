namespace TlsRecordingRelay.TestSupport.Load;

/// <summary>One message of a load run: its token, and the reply that decided it (null when there was none).</summary>
public sealed record LoadMessage(string Token, int Connection, int Sequence)
{
    public MessageOutcome Outcome { get; internal set; }

    /// <summary>The deciding reply: the final one after DATA, or the first failing one before it.</summary>
    public SmtpReply? Reply { get; internal set; }

    /// <summary>From <c>250 … queued as ID</c>.</summary>
    public string? QueueId { get; internal set; }
}
