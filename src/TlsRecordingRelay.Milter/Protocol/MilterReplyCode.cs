namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>The reply bytes a filter sends (libmilter <c>mfdef.h</c>, <c>SMFIR_*</c>); only those we use.</summary>
public static class MilterReplyCode
{
    public const byte Accept = (byte)'a';         // SMFIR_ACCEPT: accept, no further events for this message
    public const byte Continue = (byte)'c';       // SMFIR_CONTINUE
    public const byte Reject = (byte)'r';         // SMFIR_REJECT: 5xx with the MTA's text
    public const byte TempFail = (byte)'t';       // SMFIR_TEMPFAIL: 4xx with the MTA's text
    public const byte ReplyCode = (byte)'y';      // SMFIR_REPLYCODE: "550 5.7.1 text\0"
    public const byte Skip = (byte)'s';           // SMFIR_SKIP: v6, no more chunks of this kind (needs SMFIP_SKIP)
    public const byte AddHeader = (byte)'h';      // SMFIR_ADDHEADER: name\0 value\0 (needs SMFIF_ADDHDRS)
    public const byte InsertHeader = (byte)'i';   // SMFIR_INSHEADER: uint32 index, name\0 value\0 (SMFIF_ADDHDRS)
    public const byte ChangeHeader = (byte)'m';   // SMFIR_CHGHEADER: uint32 index, name\0 value\0 (SMFIF_CHGHDRS)
    public const byte OptionNegotiation = (byte)'O'; // SMFIC_OPTNEG answered in kind
}
