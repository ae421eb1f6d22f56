using System.Security.Authentication;

namespace TlsRecordingRelay.Core.Tls;

/// <summary>Names negotiated protocol versions the way Received lines print them (<c>TLSv1.3</c>).</summary>
public static class TlsProtocolNames
{
#pragma warning disable SYSLIB0039 // TLS 1.0/1.1 are named, not enabled: a peer may still report them.
#pragma warning disable CS0618
    public static string? Name(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        SslProtocols.Tls11 => "TLSv1.1",
        SslProtocols.Tls => "TLSv1.0",
        SslProtocols.Ssl3 => "SSLv3",
        _ => null,
    };
#pragma warning restore CS0618
#pragma warning restore SYSLIB0039
}
