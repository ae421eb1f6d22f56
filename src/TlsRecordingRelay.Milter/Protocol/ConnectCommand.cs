namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>SMFIC_CONNECT: the SMTP client as the MTA saw it.</summary>
/// <param name="Hostname">Its verified name, or <c>[address]</c> when it has none (Postfix's form).</param>
/// <param name="Family">SMFIA_*: <c>4</c> IPv4, <c>6</c> IPv6, <c>L</c> Unix socket, <c>U</c> unknown.</param>
/// <param name="Port">Client port; null for family <c>U</c>.</param>
/// <param name="Address">Client address (or socket path); null for family <c>U</c>.</param>
public sealed record ConnectCommand(string Hostname, char Family, int? Port, string? Address)
    : MilterCommand(MilterCommandCode.Connect);
