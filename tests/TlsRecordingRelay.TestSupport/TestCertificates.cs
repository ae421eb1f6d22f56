using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TlsRecordingRelay.TestSupport;

/// <summary>
/// Certificates made in memory for TLS tests: a test CA (also written to a PEM file for <c>Delivery:CaFile</c>),
/// server certificates issued by it for chosen names, and self-signed ones.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly X509Certificate2 _ca;

    public TestCertificates()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=TlsRecordingRelay Test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaFile = Path.Combine(Path.GetTempPath(), $"tlsrelay-test-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(CaFile, _ca.ExportCertificatePem());
    }

    /// <summary>PEM of the test CA certificate.</summary>
    public string CaFile { get; }

    /// <summary>A server certificate issued by the test CA for these DNS names (and 127.0.0.1).</summary>
    public X509Certificate2 IssueServer(params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(key, dnsNames);
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(_ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    /// <summary>A self-signed server certificate: encrypts, but verifies against nothing.</summary>
    public static X509Certificate2 SelfSigned(params string[] dnsNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = ServerRequest(key, dnsNames).CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7));
        return Reload(certificate);
    }

    public void Dispose()
    {
        _ca.Dispose();
        File.Delete(CaFile);
    }

    private static CertificateRequest ServerRequest(ECDsa key, string[] dnsNames)
    {
        var request = new CertificateRequest($"CN={(dnsNames.Length > 0 ? dnsNames[0] : "localhost")}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            san.AddDnsName(name);
        }

        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request;
    }

    // An exported-and-reloaded PKCS#12 gives SslStream a key it can always use (ephemeral keys fail on some platforms).
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
}
