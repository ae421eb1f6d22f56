using System.Globalization;
using TlsRecordingRelay.Core.Tls;
using TlsRecordingRelay.Milter.Session;

namespace TlsRecordingRelay.Milter.Analysis;

/// <summary>
/// The client-to-MTA TLS session as the MTA's macros describe it: <c>{tls_version}</c>, <c>{cipher}</c>,
/// <c>{cipher_bits}</c>, and <c>{verify}</c> where Sendmail sends it (Postfix has no such macro: verify stays null).
/// </summary>
internal static class MacroTls
{
    public static TlsDetails? From(MacroTable macros)
    {
        var version = macros.GetNonEmpty("tls_version");
        var cipher = macros.GetNonEmpty("cipher");
        if (version is null && cipher is null)
        {
            return null; // the MTA defines these only once STARTTLS succeeded
        }

        int? bits = int.TryParse(macros.GetNonEmpty("cipher_bits"), NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : null;
        return new TlsDetails(NormalizeVersion(version), version, cipher, bits, macros.GetNonEmpty("verify"));
    }

    /// <summary>OpenSSL names as MTAs print them, normalised to the contract's <c>SSLv3</c>, <c>TLSv1.0</c> … <c>TLSv1.3</c>;
    /// sendmail's old <c>TLSv1/SSLv3</c> says only "TLS was used": null.</summary>
    public static string? NormalizeVersion(string? raw) => raw?.Trim().ToUpperInvariant() switch
    {
        "TLSV1.3" or "TLS1.3" or "TLS1_3" => "TLSv1.3",
        "TLSV1.2" or "TLS1.2" or "TLS1_2" => "TLSv1.2",
        "TLSV1.1" or "TLS1.1" or "TLS1_1" => "TLSv1.1",
        "TLSV1" or "TLSV1.0" or "TLS1.0" or "TLS1_0" => "TLSv1.0",
        "SSLV3" => "SSLv3",
        _ => null,
    };
}
