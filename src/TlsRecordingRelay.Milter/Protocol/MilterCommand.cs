namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>One decoded MTA-to-filter command; the subtypes mirror the <c>SMFIC_*</c> codes.</summary>
public abstract record MilterCommand(byte Code);
