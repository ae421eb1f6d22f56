using System.Net;
using SmtpServer.Protocol;

namespace TlsRecordingRelay.Smtp.Protocol;

/// <summary>Adjusts the library's commands: the HAProxy PROXY command is refused unless configured,
/// since any client could otherwise claim another source address.</summary>
internal sealed class RelayCommandFactory(bool allowProxy) : SmtpCommandFactory
{
    public override SmtpCommand CreateProxy(IPEndPoint sourceEndpoint, IPEndPoint destinationEndpoint) =>
        allowProxy
            ? base.CreateProxy(sourceEndpoint, destinationEndpoint)
            : throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.CommandUnrecognized, "5.5.1 PROXY not allowed"), quit: true);
}
