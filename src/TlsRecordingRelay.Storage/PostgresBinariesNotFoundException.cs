namespace TlsRecordingRelay.Storage;

/// <summary>No PostgreSQL server binaries (initdb, pg_ctl) were found: install them, or set <c>ConnectionStrings:Reports</c>.</summary>
public sealed class PostgresBinariesNotFoundException : PostgresClusterException
{
    public PostgresBinariesNotFoundException()
    {
    }

    public PostgresBinariesNotFoundException(string message)
        : base(message)
    {
    }

    public PostgresBinariesNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
