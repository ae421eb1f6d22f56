namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>The stages a filter may name macro lists for in the negotiation reply (<c>SMFIM_*</c>, mfapi.h).</summary>
public enum MacroStage : uint
{
    Connect = 0,
    Helo = 1,
    MailFrom = 2,
    Rcpt = 3,
    Data = 4,
    EndOfMessage = 5,
    EndOfHeaders = 6,
}
