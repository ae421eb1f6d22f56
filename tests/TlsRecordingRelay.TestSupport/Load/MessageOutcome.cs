namespace TlsRecordingRelay.TestSupport.Load;

/// <summary>How one message of a load run ended, from the client's side.</summary>
public enum MessageOutcome
{
    /// <summary>Never sent: the run was stopped or the connection gave up first.</summary>
    NotSent,

    /// <summary>250 after DATA: the server took responsibility for it (RFC 5321 §4.2.5).</summary>
    Accepted,

    /// <summary>A 4xx at any step: the client keeps it and may retry.</summary>
    Deferred,

    /// <summary>A 5xx at any step: the client would bounce it.</summary>
    Rejected,

    /// <summary>The connection broke or timed out before the final reply: the client cannot know (RFC 5321 §6.1 duplicates).</summary>
    NoReply,
}
