using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Core.Received;

/// <summary>The facts our Received line records about the hop into us.</summary>
public sealed record ReceivedStampInput(
    string? Helo,
    string? Rdns,
    string ClientIp,
    string ByHost,
    string WithProtocol,
    string QueueId,
    TlsDetails? Tls,
    IReadOnlyList<string> Recipients,
    DateTimeOffset Date);
