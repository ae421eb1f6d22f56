namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>The command bytes an MTA sends (libmilter <c>mfdef.h</c>, <c>SMFIC_*</c>).</summary>
public static class MilterCommandCode
{
    public const byte Abort = (byte)'A';          // SMFIC_ABORT: forget the current message
    public const byte Body = (byte)'B';           // SMFIC_BODY: a body chunk
    public const byte Connect = (byte)'C';        // SMFIC_CONNECT: host name, family, port, address
    public const byte Macro = (byte)'D';          // SMFIC_MACRO: stage byte, then name/value pairs
    public const byte EndOfMessage = (byte)'E';   // SMFIC_BODYEOB: final dot (may carry a last chunk)
    public const byte Helo = (byte)'H';           // SMFIC_HELO
    public const byte QuitNewConnection = (byte)'K'; // SMFIC_QUIT_NC: v6, a new SMTP connection follows on this socket
    public const byte Header = (byte)'L';         // SMFIC_HEADER: name, value
    public const byte Mail = (byte)'M';           // SMFIC_MAIL: sender, then ESMTP arguments
    public const byte EndOfHeaders = (byte)'N';   // SMFIC_EOH
    public const byte OptionNegotiation = (byte)'O'; // SMFIC_OPTNEG: version, actions, protocol steps
    public const byte Quit = (byte)'Q';           // SMFIC_QUIT
    public const byte Rcpt = (byte)'R';           // SMFIC_RCPT: recipient, then ESMTP arguments
    public const byte Data = (byte)'T';           // SMFIC_DATA
    public const byte Unknown = (byte)'U';        // SMFIC_UNKNOWN: an SMTP command the MTA did not know
}
