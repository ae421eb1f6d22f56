namespace TlsRecordingRelay.Storage.Dashboard;

/// <summary>One sending host's counts (reverse-DNS name, HELO, address) as the dashboard query returns them.</summary>
internal sealed class SendingHostRow
{
    public string? Rdns { get; init; }

    public string? Helo { get; init; }

    public string Ip { get; init; } = string.Empty;

    public int Messages { get; init; }

    public int TlsChainEncrypted { get; init; }

    public int TlsChainUnknown { get; init; }

    public int TlsChainPlaintext { get; init; }

    public int Plaintext { get; init; }

    public int Tls13 { get; init; }

    public int Tls12 { get; init; }

    public int TlsOlder { get; init; }

    public int TlsUnnamed { get; init; }
}
