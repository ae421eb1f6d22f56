using TlsRecordingRelay.Milter.Protocol;

namespace TlsRecordingRelay.Milter.Tests.Protocol;

public sealed class NegotiationTests
{
    private static readonly KeyValuePair<MacroStage, string>[] Lists = [new(MacroStage.Helo, "{tls_version}")];

    private const MilterActions Wanted = MilterActions.AddHeaders | MilterActions.ChangeHeaders;

    [Fact]
    public void Against_a_full_v6_offer_we_ask_only_for_what_we_use()
    {
        var agreed = Negotiation.Agree(new NegotiateCommand(6, (MilterActions)0x1FF, (MilterSteps)0x1FFFFF), Wanted, Lists);
        Assert.Equal(6u, agreed.Version);
        Assert.Equal(Wanted | MilterActions.SetSymbolList, agreed.Actions);
        Assert.True(agreed.Has(MilterSteps.NoBody | MilterSteps.NoUnknown | MilterSteps.NoReplyHeader | MilterSteps.NoReplyConnect));
        Assert.False(agreed.Has(MilterSteps.NoHeaders));
        Assert.False(agreed.Has(MilterSteps.NoEndOfHeaders));
        Assert.False(agreed.Has(MilterSteps.Skip));
        Assert.Equal(Lists, agreed.MacroLists);
    }

    [Fact]
    public void We_never_ask_for_an_action_or_step_the_mta_did_not_offer()
    {
        // Postfix milter8.c refuses a filter whose request mask is not a subset of its own.
        var offer = new NegotiateCommand(6, MilterActions.AddHeaders, MilterSteps.NoBody | MilterSteps.NoReplyHeader);
        var agreed = Negotiation.Agree(offer, Wanted, Lists);
        Assert.Equal(MilterActions.AddHeaders, agreed.Actions);
        Assert.Equal(MilterSteps.NoBody | MilterSteps.NoReplyHeader, agreed.Steps);
        Assert.Empty(agreed.MacroLists);
    }

    [Fact]
    public void An_older_mta_gets_its_own_version_back_and_no_macro_lists()
    {
        var agreed = Negotiation.Agree(new NegotiateCommand(2, (MilterActions)0x3F, (MilterSteps)0x7F), Wanted, Lists);
        Assert.Equal(2u, agreed.Version);
        Assert.True(agreed.Has(MilterSteps.NoBody));
        Assert.Empty(agreed.MacroLists);
        Assert.False(agreed.Allows(MilterActions.SetSymbolList));
    }

    [Fact]
    public void A_newer_mta_is_answered_with_version_6()
    {
        Assert.Equal(6u, Negotiation.Agree(new NegotiateCommand(7, MilterActions.None, MilterSteps.None), Wanted, Lists).Version);
    }

    [Fact]
    public void An_mta_that_must_send_the_body_but_understands_skip_gets_skip_and_body_replies()
    {
        var offer = new NegotiateCommand(6, Wanted, MilterSteps.Skip | MilterSteps.NoReplyBody);
        var agreed = Negotiation.Agree(offer, Wanted, Lists);
        Assert.True(agreed.Has(MilterSteps.Skip));
        Assert.False(agreed.Has(MilterSteps.NoReplyBody));
    }
}
