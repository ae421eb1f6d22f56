using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace TlsRecordingRelay.Delivery.Sending;

/// <summary>
/// Checks a server certificate's chain (system roots, then the <c>Delivery:CaFile</c> anchors) and name.
/// Runs under every policy so each attempt records whether the peer could have been authenticated;
/// only <c>verify</c> acts on the answer.
/// </summary>
public sealed class CertificateVerifier
{
    private readonly X509Certificate2Collection _extraRoots = [];

    public CertificateVerifier(IOptions<DeliveryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.Value.CaFile))
        {
            _extraRoots.ImportFromPemFile(options.Value.CaFile);
        }
    }

    /// <param name="checkRevocation">
    /// Online CRL/OCSP, only under <c>verify</c>: opportunistic levels accept any certificate anyway, and a
    /// fetch per handshake would slow them for nothing.
    /// </param>
    public CertificateCheck Check(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, bool checkRevocation)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return new CertificateCheck(false, "no certificate presented");
        }

        using var leaf = new X509Certificate2(certificate);
        var chainError = BuildChain(leaf, presented, X509ChainTrustMode.System, checkRevocation);
        if (chainError is not null && _extraRoots.Count > 0)
        {
            chainError = BuildChain(leaf, presented, X509ChainTrustMode.CustomRootTrust, checkRevocation);
        }

        // SslStream compared the certificate's SAN/CN with the host we asked for (the MX or route name).
        var nameError = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 ? "name mismatch" : null;
        var error = string.Join("; ", new[] { chainError, nameError }.Where(e => e is not null));
        return new CertificateCheck(error.Length == 0, error.Length == 0 ? null : error);
    }

    private string? BuildChain(X509Certificate2 leaf, X509Chain? presented, X509ChainTrustMode trustMode, bool checkRevocation)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = trustMode;
        chain.ChainPolicy.RevocationMode = checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        chain.ChainPolicy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
        if (trustMode == X509ChainTrustMode.CustomRootTrust)
        {
            chain.ChainPolicy.CustomTrustStore.AddRange(_extraRoots);
        }

        if (presented is not null)
        {
            // The intermediates the server sent; trust still has to come from a root above.
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (chain.Build(leaf))
        {
            return null;
        }

        // Revocation soft-fails (as browsers do): a CA without reachable CRL/OCSP is not a revoked
        // certificate, and failing closed would turn every responder outage into deferred mail.
        var problems = chain.ChainStatus
            .Where(s => s.Status is not (X509ChainStatusFlags.NoError or X509ChainStatusFlags.RevocationStatusUnknown or X509ChainStatusFlags.OfflineRevocation))
            .Select(s => s.Status.ToString())
            .Distinct()
            .ToList();
        return problems.Count == 0 ? null : "chain: " + string.Join(", ", problems);
    }
}
