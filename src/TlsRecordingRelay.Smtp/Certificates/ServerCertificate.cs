using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace TlsRecordingRelay.Smtp.Certificates;

/// <summary>
/// The listener's certificate: the configured PEM pair, else a self-signed one generated once into the
/// data directory (so a fresh clone offers STARTTLS at once; opportunistic peers accept any certificate).
/// </summary>
public static class ServerCertificate
{
    public static X509Certificate2 Load(SmtpOptions options, string dataDirectory, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            var keyPath = string.IsNullOrWhiteSpace(options.CertificateKeyPath) ? options.CertificatePath : options.CertificateKeyPath;
            return X509Certificate2.CreateFromPemFile(options.CertificatePath, keyPath);
        }

        var directory = Path.Combine(Path.GetFullPath(dataDirectory), "tls");
        var certPath = Path.Combine(directory, "selfsigned-cert.pem");
        var keyFile = Path.Combine(directory, "selfsigned-key.pem");
        if (File.Exists(certPath) && File.Exists(keyFile))
        {
            return X509Certificate2.CreateFromPemFile(certPath, keyFile);
        }

        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256); // ECDSA: a tenth of RSA-2048's handshake cost
        var hostname = options.EffectiveHostname;
        var request = new CertificateRequest($"CN={hostname}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostname);
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));

        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        Log.GeneratedCertificate(logger, certPath, hostname);
        return X509Certificate2.CreateFromPemFile(certPath, keyFile);
    }
}
