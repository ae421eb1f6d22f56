namespace TlsRecordingRelay.Milter;

/// <summary>What to tell the MTA when the report row cannot be stored.</summary>
public enum DatabaseErrorAction
{
    /// <summary>Mail flows on without a report (the failure is logged).</summary>
    Accept,

    /// <summary><c>451 4.3.0</c>: no message without its report; the sender retries.</summary>
    Tempfail,
}
