using System.Globalization;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Core.Reports;

/// <summary>One delivery attempt for one recipient, as recorded (a <c>delivery_attempts</c> row).</summary>
public sealed record AttemptReport
{
    public required DateTime AtUtc { get; init; }

    public required string Route { get; init; }

    public required string? Host { get; init; }

    public required string? Ip { get; init; }

    public required int? Port { get; init; }

    public required string Policy { get; init; }

    public required bool? StartTlsOffered { get; init; }

    /// <summary>The TLS session the message travelled in; null for plaintext (or when it never got that far).</summary>
    public required TlsDetails? Tls { get; init; }

    public required bool? CertificateVerified { get; init; }

    public required string? CertificateError { get; init; }

    public required string? TlsError { get; init; }

    /// <summary>delivered, deferred or bounced.</summary>
    public required string Result { get; init; }

    public required int? ReplyCode { get; init; }

    public required string? EnhancedStatus { get; init; }

    public required string? ReplyText { get; init; }

    public required string? RemoteQueueId { get; init; }

    public required string? Error { get; init; }

    /// <summary>The remote reply as one line (<c>250 2.0.0 Ok</c>); null when no reply was read.</summary>
    public string? Reply
    {
        get
        {
            if (ReplyCode is not { } code)
            {
                return null;
            }

            // The stored text may already begin with the enhanced code (it is part of the reply line, RFC 2034 §4).
            var text = ReplyText ?? string.Empty;
            var enhanced = EnhancedStatus is { Length: > 0 } status && !text.StartsWith(status, StringComparison.Ordinal) ? status + " " : string.Empty;
            return (code.ToString(CultureInfo.InvariantCulture) + " " + enhanced + text).TrimEnd();
        }
    }
}
