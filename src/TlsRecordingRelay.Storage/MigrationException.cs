namespace TlsRecordingRelay.Storage;

/// <summary>A migration script failed; its transaction was rolled back and later scripts did not run.</summary>
public sealed class MigrationException : Exception
{
    public MigrationException()
    {
    }

    public MigrationException(string message)
        : base(message)
    {
    }

    public MigrationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
