namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>
/// What we ask of the MTA in option negotiation: only what we use. Every request is masked with the MTA's
/// offer, because an MTA refuses a filter that asks for more than it offered (Postfix milter8.c: request mask conflict).
/// </summary>
public static class Negotiation
{
    /// <summary>We speak version 6 (Sendmail 8.14, Postfix ≥ 2.6); older MTAs get their own version back.</summary>
    public const uint ProtocolVersion = 6;

    /// <summary>Version 2 is the oldest MTA side still in the wild (Sendmail 8.12/8.13).</summary>
    public const uint MinimumVersion = 2;

    /// <summary>We never need the body or unrecognised SMTP commands.</summary>
    public const MilterSteps NotWanted = MilterSteps.NoBody | MilterSteps.NoUnknown;

    /// <summary>We answer "continue" to every event but the final dot, so let the MTA skip waiting (v6).</summary>
    public const MilterSteps NoReplies = MilterSteps.NoReplyConnect | MilterSteps.NoReplyHelo | MilterSteps.NoReplyMail
        | MilterSteps.NoReplyRcpt | MilterSteps.NoReplyData | MilterSteps.NoReplyUnknown | MilterSteps.NoReplyHeader
        | MilterSteps.NoReplyEndOfHeaders | MilterSteps.NoReplyBody;

    /// <summary>The negotiated outcome for an MTA offer.</summary>
    public static NegotiatedOptions Agree(NegotiateCommand offer, MilterActions wantedActions, IReadOnlyList<KeyValuePair<MacroStage, string>> macroLists)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var version = Math.Min(offer.Version, ProtocolVersion);
        var actions = wantedActions & offer.Actions;
        var steps = (NotWanted | NoReplies) & offer.Steps;

        // An MTA that cannot leave the body out but understands SMFIR_SKIP gets "skip" at the first chunk
        // (so it must expect replies to body chunks); SMFIP_SKIP in our reply says we may send it.
        if ((steps & MilterSteps.NoBody) == 0 && (offer.Steps & MilterSteps.Skip) != 0)
        {
            steps = (steps & ~MilterSteps.NoReplyBody) | MilterSteps.Skip;
        }

        // SMFIF_SETSYMLIST announces the lists; without it (older MTAs) the admin's configuration decides.
        var lists = (offer.Actions & MilterActions.SetSymbolList) != 0 && version >= 6 ? macroLists : [];
        if (lists.Count > 0)
        {
            actions |= MilterActions.SetSymbolList;
        }

        return new NegotiatedOptions(version, actions, steps, lists);
    }
}
