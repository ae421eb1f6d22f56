namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>Whether a session is inside a mail transaction (MAIL accepted, not yet answered after DATA).</summary>
public sealed class SessionState
{
    private readonly Lock _lock = new();
    private bool _inTransaction;
    private bool _closed;

    /// <summary>Marks the start of a transaction; false when the session is already being closed.</summary>
    public bool TryBeginTransaction()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            _inTransaction = true;
            return true;
        }
    }

    public void EndTransaction()
    {
        lock (_lock)
        {
            _inTransaction = false;
        }
    }

    /// <summary>Claims the session for closing when it is between transactions.</summary>
    public bool TryCloseIfIdle()
    {
        lock (_lock)
        {
            if (_inTransaction || _closed)
            {
                return false;
            }

            _closed = true;
            return true;
        }
    }
}
