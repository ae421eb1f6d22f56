using System.Net;
using SmtpServer.Protocol;

namespace TlsRecordingRelay.Smtp.Protocol;

/// <summary>Adjusts the library's commands: the HAProxy PROXY command is refused unless configured,
/// since any client could otherwise claim another source address; an over-long HELO/EHLO name is refused.</summary>
internal sealed class RelayCommandFactory(bool allowProxy) : SmtpCommandFactory
{
    // RFC 1035 §2.3.4 / RFC 5321 §4.5.3.1.2: a domain is at most 255 octets. The library accepts any length
    // and echoes it in its 250 reply, which would break RFC 5321 §4.5.3.1.5's 512-octet reply line.
    private const int MaxDomain = 255;

    public override SmtpCommand CreateEhlo(string domainOrAddress) =>
        (domainOrAddress?.Length ?? 0) > MaxDomain ? throw TooLong() : base.CreateEhlo(domainOrAddress);

    public override SmtpCommand CreateHelo(string domainOrAddress) =>
        (domainOrAddress?.Length ?? 0) > MaxDomain ? throw TooLong() : base.CreateHelo(domainOrAddress);

    private static SmtpResponseException TooLong() =>
        new(new SmtpResponse(SmtpReplyCode.SyntaxError, "5.5.4 Domain name too long"));

    public override SmtpCommand CreateProxy(IPEndPoint sourceEndpoint, IPEndPoint destinationEndpoint) =>
        allowProxy
            ? base.CreateProxy(sourceEndpoint, destinationEndpoint)
            : throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.CommandUnrecognized, "5.5.1 PROXY not allowed"), quit: true);
}
