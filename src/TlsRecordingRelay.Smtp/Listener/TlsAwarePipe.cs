using System.IO.Pipelines;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer.IO;

namespace TlsRecordingRelay.Smtp.Listener;

/// <summary>
/// Our replacement for the library's internal pipe: the same behaviour, but the <see cref="SslStream"/>
/// is ours to read (negotiated suite, SNI), which SmtpServer 11.1 does not expose.
/// </summary>
public sealed class TlsAwarePipe : ISecurableDuplexPipe
{
    // Given only ServerCertificate, SslStream builds an X509Chain on every handshake (seen in the load profile);
    // a context made once per certificate does it once. Offline: never fetch intermediates (AIA) from the network.
    private static readonly ConditionalWeakTable<X509Certificate, SslStreamCertificateContext> Contexts = [];

    private readonly Action _onDispose;
    private readonly InputRules _rules;
    private Stream _stream;
    private SessionInputReader _input;
    private int _disposed;

    internal TlsAwarePipe(Stream stream, Action onDispose, InputRules rules)
    {
        _stream = stream;
        _onDispose = onDispose;
        _rules = rules;
        _input = new SessionInputReader(PipeReader.Create(stream), stream, rules);
        Output = PipeWriter.Create(stream);
    }

    public PipeReader Input => _input;

    public PipeWriter Output { get; private set; }

    public SslStream? Ssl => _stream as SslStream;

    public bool IsSecure => _stream is SslStream;

    public SslProtocols SslProtocol => Ssl?.SslProtocol ?? SslProtocols.None;

    /// <summary>Raw access for replies the library cannot make (421 when full or draining).</summary>
    internal Stream Stream => _stream;

    /// <summary>Called when DATA is accepted: see <see cref="SessionInputReader"/>.</summary>
    public void ExpectDataStart() => _input.ExpectDataStart();

    /// <summary>Called when DATA has been answered.</summary>
    public void DataFinished() => _input.DataFinished();

    public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: true);
        try
        {
            await ssl.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = Contexts.GetValue(certificate, CreateContext),
                    EnabledSslProtocols = protocols,
                    ClientCertificateRequired = false,
                    // Client certificates are not requested (verify=NOT), so there is nothing to revoke-check.
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                cancellationToken);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }

        // RFC 3207 §4.2: anything the client pipelined after STARTTLS stays in the old reader and is
        // discarded with it, so no plaintext command can be injected into the TLS session.
        _stream = ssl;
        _input = new SessionInputReader(PipeReader.Create(_stream), _stream, _rules);
        Output = PipeWriter.Create(_stream);
    }

    private static SslStreamCertificateContext CreateContext(X509Certificate certificate) =>
        SslStreamCertificateContext.Create(
            certificate as X509Certificate2 ?? throw new ArgumentException("The server certificate needs its private key (an X509Certificate2).", nameof(certificate)),
            additionalCertificates: null,
            offline: true);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _stream.Dispose();
        }
        finally
        {
            _onDispose();
        }
    }
}
