namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>SMFIC_OPTNEG: the MTA's protocol version, the actions it allows, the protocol steps it supports.</summary>
public sealed record NegotiateCommand(uint Version, MilterActions Actions, MilterSteps Steps)
    : MilterCommand(MilterCommandCode.OptionNegotiation);
