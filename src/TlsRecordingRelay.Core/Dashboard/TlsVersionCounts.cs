namespace TlsRecordingRelay.Core.Dashboard;

/// <summary>How many sessions used each TLS version; <see cref="Unnamed"/> = TLS whose version was not recorded.</summary>
/// <param name="Older">TLSv1.1, TLSv1.0 and SSLv3: versions RFC 8996 deprecates.</param>
public sealed record TlsVersionCounts(int Tls13, int Tls12, int Older, int Unnamed)
{
    public static TlsVersionCounts None { get; } = new(0, 0, 0, 0);

    public int Total => Tls13 + Tls12 + Older + Unnamed;

    public TlsVersionCounts Add(TlsVersionCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Tls13 + other.Tls13, Tls12 + other.Tls12, Older + other.Older, Unnamed + other.Unnamed);
    }
}
