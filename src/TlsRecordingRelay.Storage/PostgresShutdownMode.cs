namespace TlsRecordingRelay.Storage;

/// <summary>pg_ctl's stop modes that we use.</summary>
public enum PostgresShutdownMode
{
    /// <summary>Roll back open transactions, checkpoint, exit: the normal stop (no recovery on next start).</summary>
    Fast,

    /// <summary>Kill at once, crash recovery on next start: for tests that simulate a dead database.</summary>
    Immediate,
}
