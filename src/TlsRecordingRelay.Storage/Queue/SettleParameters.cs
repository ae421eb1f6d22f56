using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Storage.Queue;

/// <summary>The parameters of <see cref="QueueSql.Settle"/> for one recipient update.</summary>
internal static class SettleParameters
{
    /// <summary>Throws <see cref="ArgumentException"/> for a time that is not UTC (Npgsql would shift it, LIBRARY-NOTES §5).</summary>
    public static object For(string workerId, RecipientUpdate update)
    {
        var a = update.Attempt;
        return new
        {
            a.RecipientId,
            update.Status,
            NextAttemptAt = QueueTimes.RequireUtc(update.NextAttemptAtUtc),
            AttemptedAt = QueueTimes.RequireUtc(a.AttemptedAtUtc),
            Worker = workerId,
            a.Route,
            a.Host,
            a.Ip,
            a.Port,
            Policy = TlsPolicyNames.Name(a.Policy),
            a.StartTlsOffered,
            TlsVersion = a.Tls?.Version,
            TlsVersionRaw = a.Tls?.VersionRaw,
            TlsCipher = a.Tls?.Cipher,
            TlsBits = a.Tls?.Bits,
            a.CertificateVerified,
            a.CertificateError,
            a.TlsError,
            a.Outcome.ReplyCode,
            a.Outcome.EnhancedStatus,
            ReplyText = a.Outcome.Detail,
            a.RemoteQueueId,
            a.Error,
        };
    }
}
