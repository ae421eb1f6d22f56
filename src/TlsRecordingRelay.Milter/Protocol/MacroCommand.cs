namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>SMFIC_MACRO: macro values for the command <paramref name="ForCommand"/> that follows it.</summary>
/// <param name="ForCommand">The command code the values belong to (C, H, M, R, T, N, E …).</param>
/// <param name="Macros">Names as the MTA sent them (<c>{tls_version}</c> or <c>i</c>) with their values.</param>
public sealed record MacroCommand(byte ForCommand, IReadOnlyList<KeyValuePair<string, string>> Macros)
    : MilterCommand(MilterCommandCode.Macro);
