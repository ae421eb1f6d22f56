namespace TlsRecordingRelay.Core.Tls;

/// <summary>
/// Derives the symmetric key size from an IANA cipher suite name. .NET 10 marks
/// <c>SslStream.CipherStrength</c> obsolete (SYSLIB0058) and it reports 0 on TLS 1.3, so the name is the source.
/// </summary>
public static class CipherSuiteStrength
{
    public static int? Bits(string? suite)
    {
        if (string.IsNullOrEmpty(suite))
        {
            return null;
        }

        if (suite.Contains("AES_256", StringComparison.Ordinal) || suite.Contains("CHACHA20", StringComparison.Ordinal)
            || suite.Contains("CAMELLIA_256", StringComparison.Ordinal) || suite.Contains("ARIA_256", StringComparison.Ordinal))
        {
            return 256;
        }

        if (suite.Contains("AES_128", StringComparison.Ordinal) || suite.Contains("CAMELLIA_128", StringComparison.Ordinal)
            || suite.Contains("ARIA_128", StringComparison.Ordinal) || suite.Contains("SM4", StringComparison.Ordinal))
        {
            return 128;
        }

        if (suite.Contains("3DES", StringComparison.Ordinal))
        {
            return 168;
        }

        return null;
    }
}
