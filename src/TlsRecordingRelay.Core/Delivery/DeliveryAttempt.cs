using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Core.Delivery;

/// <summary>Every fact recorded about one attempt for one recipient (one <c>delivery_attempts</c> row).</summary>
public sealed record DeliveryAttempt
{
    public required long RecipientId { get; init; }

    public required DateTime AttemptedAtUtc { get; init; }

    /// <summary>How the next hop was chosen: <c>route:example.org</c>, <c>route:*</c> or <c>mx:example.org</c>.</summary>
    public required string Route { get; init; }

    /// <summary>The host name we connected to (MX exchange or route host); null when none was reached.</summary>
    public string? Host { get; init; }

    public string? Ip { get; init; }

    public int? Port { get; init; }

    public required TlsPolicy Policy { get; init; }

    /// <summary>Whether the server advertised STARTTLS in EHLO; null when no EHLO reply was read.</summary>
    public bool? StartTlsOffered { get; init; }

    /// <summary>The TLS session the message travelled in; null for plaintext.</summary>
    public TlsDetails? Tls { get; init; }

    /// <summary>Chain and name valid; null when no certificate was seen.</summary>
    public bool? CertificateVerified { get; init; }

    /// <summary>Why the certificate did not verify (chain status, name mismatch).</summary>
    public string? CertificateError { get; init; }

    /// <summary>A STARTTLS handshake failure, also when <c>may</c> then fell back to plaintext.</summary>
    public string? TlsError { get; init; }

    public required DeliveryOutcome Outcome { get; init; }

    /// <summary>The remote queue id from a 250 reply to DATA (<c>queued as X</c>, <c>id=X</c>).</summary>
    public string? RemoteQueueId { get; init; }

    /// <summary>A local error (connect, DNS, timeout) with no remote reply behind it.</summary>
    public string? Error { get; init; }
}
