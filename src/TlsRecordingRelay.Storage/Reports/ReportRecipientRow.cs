namespace TlsRecordingRelay.Storage.Reports;

/// <summary>One recipient with its newest delivery attempt (attempt columns null before the first).</summary>
internal sealed class ReportRecipientRow
{
    public long Id { get; init; }

    public long MessageRef { get; init; }

    public string Address { get; init; } = string.Empty;

    public string Status { get; init; } = string.Empty;

    public string? Policy { get; init; }

    public int Attempts { get; init; }

    public DateTime NextAttemptAt { get; init; }

    public DateTime? AttemptedAt { get; init; }

    public string? Route { get; init; }

    public string? Host { get; init; }

    public string? Ip { get; init; }

    public int? Port { get; init; }

    public string? AttemptPolicy { get; init; }

    public bool? StartTlsOffered { get; init; }

    public string? TlsVersion { get; init; }

    public string? TlsVersionRaw { get; init; }

    public string? TlsCipher { get; init; }

    public int? TlsBits { get; init; }

    public bool? CertificateVerified { get; init; }

    public string? CertificateError { get; init; }

    public string? TlsError { get; init; }

    public string? Result { get; init; }

    public int? ReplyCode { get; init; }

    public string? EnhancedStatus { get; init; }

    public string? ReplyText { get; init; }

    public string? RemoteQueueId { get; init; }

    public string? Error { get; init; }
}
