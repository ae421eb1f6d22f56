namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>What a filter may change (<c>SMFIF_*</c>): the MTA offers a mask, the filter asks for a subset.</summary>
[Flags]
public enum MilterActions : uint
{
    None = 0,
    AddHeaders = 0x01,          // SMFIF_ADDHDRS (add and insert)
    ChangeBody = 0x02,          // SMFIF_CHGBODY
    AddRecipients = 0x04,       // SMFIF_ADDRCPT
    DeleteRecipients = 0x08,    // SMFIF_DELRCPT
    ChangeHeaders = 0x10,       // SMFIF_CHGHDRS (change and delete)
    Quarantine = 0x20,          // SMFIF_QUARANTINE
    ChangeFrom = 0x40,          // SMFIF_CHGFROM (v6)
    AddRecipientsWithArgs = 0x80, // SMFIF_ADDRCPT_PAR (v6)
    SetSymbolList = 0x100,      // SMFIF_SETSYMLIST (v6): the filter names the macros it wants per stage
}
