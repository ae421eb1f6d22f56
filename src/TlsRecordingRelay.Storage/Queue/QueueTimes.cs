namespace TlsRecordingRelay.Storage.Queue;

/// <summary>The queue's guard on times: Npgsql writes other kinds as timestamp and shifts them silently by the session time zone (LIBRARY-NOTES §5).</summary>
internal static class QueueTimes
{
    public static DateTime RequireUtc(DateTime value) => value.Kind == DateTimeKind.Utc
        ? value
        : throw new ArgumentException($"Queue times must be DateTimeKind.Utc, not {value.Kind}.", nameof(value));
}
