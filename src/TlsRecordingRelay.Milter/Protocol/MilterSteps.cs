namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>
/// Protocol steps (<c>SMFIP_*</c>, mfdef.h): "No*" = do not send that event, "NoReply*" = send it but expect no
/// reply (v6). The MTA offers what it supports; the filter asks for a subset.
/// </summary>
[Flags]
public enum MilterSteps : uint
{
    None = 0,
    NoConnect = 0x1,
    NoHelo = 0x2,
    NoMail = 0x4,
    NoRcpt = 0x8,
    NoBody = 0x10,
    NoHeaders = 0x20,
    NoEndOfHeaders = 0x40,
    NoReplyHeader = 0x80,
    NoUnknown = 0x100,
    NoData = 0x200,
    Skip = 0x400,               // the MTA understands SMFIR_SKIP
    RejectedRcpts = 0x800,
    NoReplyConnect = 0x1000,
    NoReplyHelo = 0x2000,
    NoReplyMail = 0x4000,
    NoReplyRcpt = 0x8000,
    NoReplyData = 0x10000,
    NoReplyUnknown = 0x20000,
    NoReplyEndOfHeaders = 0x40000,
    NoReplyBody = 0x80000,
    HeaderLeadingSpace = 0x100000,
}
