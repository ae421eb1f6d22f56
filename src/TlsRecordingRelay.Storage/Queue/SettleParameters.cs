using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Storage.Queue;

/// <summary>The columns of <see cref="QueueSql.Settle"/>: one array per column, one element per recipient update.</summary>
internal sealed class SettleParameters
{
    private SettleParameters(int count, string worker)
    {
        Worker = worker;
        RecipientIds = new long[count];
        Statuses = new string[count];
        NextAttemptAts = new DateTime[count];
        AttemptedAts = new DateTime[count];
        Routes = new string[count];
        Hosts = new string?[count];
        Ips = new string?[count];
        Ports = new int?[count];
        Policies = new string[count];
        StartTlsOffered = new bool?[count];
        TlsVersions = new string?[count];
        TlsVersionsRaw = new string?[count];
        TlsCiphers = new string?[count];
        TlsBits = new int?[count];
        CertificatesVerified = new bool?[count];
        CertificateErrors = new string?[count];
        TlsErrors = new string?[count];
        ReplyCodes = new int?[count];
        EnhancedStatuses = new string[count];
        ReplyTexts = new string[count];
        RemoteQueueIds = new string?[count];
        Errors = new string?[count];
    }

    public string Worker { get; }
    public long[] RecipientIds { get; }
    public string[] Statuses { get; }
    public DateTime[] NextAttemptAts { get; }
    public DateTime[] AttemptedAts { get; }
    public string[] Routes { get; }
    public string?[] Hosts { get; }
    public string?[] Ips { get; }
    public int?[] Ports { get; }
    public string[] Policies { get; }
    public bool?[] StartTlsOffered { get; }
    public string?[] TlsVersions { get; }
    public string?[] TlsVersionsRaw { get; }
    public string?[] TlsCiphers { get; }
    public int?[] TlsBits { get; }
    public bool?[] CertificatesVerified { get; }
    public string?[] CertificateErrors { get; }
    public string?[] TlsErrors { get; }
    public int?[] ReplyCodes { get; }
    public string[] EnhancedStatuses { get; }
    public string[] ReplyTexts { get; }
    public string?[] RemoteQueueIds { get; }
    public string?[] Errors { get; }

    /// <summary>Throws <see cref="ArgumentException"/> for a time that is not UTC (Npgsql would shift it, LIBRARY-NOTES §5).</summary>
    public static SettleParameters From(string workerId, IReadOnlyList<RecipientUpdate> updates)
    {
        var p = new SettleParameters(updates.Count, workerId);
        for (var i = 0; i < updates.Count; i++)
        {
            var update = updates[i];
            var a = update.Attempt;
            p.RecipientIds[i] = a.RecipientId;
            p.Statuses[i] = update.Status;
            p.NextAttemptAts[i] = QueueTimes.RequireUtc(update.NextAttemptAtUtc);
            p.AttemptedAts[i] = QueueTimes.RequireUtc(a.AttemptedAtUtc);
            p.Routes[i] = a.Route;
            p.Hosts[i] = a.Host;
            p.Ips[i] = a.Ip;
            p.Ports[i] = a.Port;
            p.Policies[i] = TlsPolicyNames.Name(a.Policy);
            p.StartTlsOffered[i] = a.StartTlsOffered;
            p.TlsVersions[i] = a.Tls?.Version;
            p.TlsVersionsRaw[i] = a.Tls?.VersionRaw;
            p.TlsCiphers[i] = a.Tls?.Cipher;
            p.TlsBits[i] = a.Tls?.Bits;
            p.CertificatesVerified[i] = a.CertificateVerified;
            p.CertificateErrors[i] = a.CertificateError;
            p.TlsErrors[i] = a.TlsError;
            p.ReplyCodes[i] = a.Outcome.ReplyCode;
            p.EnhancedStatuses[i] = a.Outcome.EnhancedStatus;
            p.ReplyTexts[i] = a.Outcome.Detail;
            p.RemoteQueueIds[i] = a.RemoteQueueId;
            p.Errors[i] = a.Error;
        }

        return p;
    }
}
