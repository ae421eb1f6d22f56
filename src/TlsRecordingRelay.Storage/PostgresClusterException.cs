namespace TlsRecordingRelay.Storage;

/// <summary>The embedded PostgreSQL cluster could not be initialised, started, attached or stopped; the message carries the tool's stderr.</summary>
public class PostgresClusterException : Exception
{
    public PostgresClusterException()
    {
    }

    public PostgresClusterException(string message)
        : base(message)
    {
    }

    public PostgresClusterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
