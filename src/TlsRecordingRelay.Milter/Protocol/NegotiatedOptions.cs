namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>The agreed version, actions, steps and requested macro lists of one MTA connection.</summary>
public sealed record NegotiatedOptions(uint Version, MilterActions Actions, MilterSteps Steps, IReadOnlyList<KeyValuePair<MacroStage, string>> MacroLists)
{
    public bool Has(MilterSteps step) => (Steps & step) == step;

    public bool Allows(MilterActions action) => (Actions & action) == action;

    public MilterReply ToReply() => MilterReply.Negotiate(Version, Actions, Steps, MacroLists);
}
