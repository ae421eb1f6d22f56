using TlsRecordingRelay.Milter.Protocol;
using static TlsRecordingRelay.Milter.Tests.Packets;

namespace TlsRecordingRelay.Milter.Tests.Protocol;

/// <summary>Each reply we send, compared with bytes written from mfdef.h.</summary>
public sealed class ReplyTests
{
    [Theory]
    [InlineData('c')]
    [InlineData('a')]
    [InlineData('r')]
    [InlineData('t')]
    [InlineData('s')]
    public void Continue_accept_reject_tempfail_and_skip_are_a_bare_command_byte(char code)
    {
        var reply = code switch
        {
            'c' => MilterReply.Continue,
            'a' => MilterReply.Accept,
            'r' => MilterReply.Reject,
            't' => MilterReply.TempFail,
            _ => MilterReply.Skip,
        };
        Assert.Equal(new byte[] { 0, 0, 0, 1, (byte)code }, reply.Encode());
    }

    [Fact]
    public void Reply_code_is_the_whole_smtp_reply_as_one_terminated_string()
    {
        Assert.Equal(Packet('y', Str("550 5.7.1 No")), MilterReply.ReplyCode("550 5.7.1 No").Encode());
    }

    [Theory]
    [InlineData("250 2.0.0 Ok")]
    [InlineData("5")]
    [InlineData("abc")]
    public void Reply_code_refuses_anything_but_4xx_and_5xx(string reply)
    {
        Assert.Throws<ArgumentException>(() => MilterReply.ReplyCode(reply));
    }

    [Fact]
    public void Add_header_is_name_and_value_each_terminated()
    {
        Assert.Equal(Packet('h', Str("X-TLS-Hops"), Str("encrypted; 2 hops")), MilterReply.AddHeader("X-TLS-Hops", "encrypted; 2 hops").Encode());
    }

    [Fact]
    public void Insert_and_change_header_lead_with_a_network_order_index()
    {
        Assert.Equal(Packet('i', UInt32(0), Str("X-A"), Str("v")), MilterReply.InsertHeader(0, "X-A", "v").Encode());
        Assert.Equal(Packet('m', UInt32(2), Str("X-A"), Str(string.Empty)), MilterReply.ChangeHeader(2, "X-A", string.Empty).Encode());
    }

    [Fact]
    public void The_negotiation_reply_is_version_actions_steps_then_macro_lists_per_stage()
    {
        var reply = MilterReply.Negotiate(6, MilterActions.AddHeaders | MilterActions.SetSymbolList, MilterSteps.NoBody,
            [new(MacroStage.Helo, "{tls_version} {cipher}"), new(MacroStage.EndOfMessage, "i")]);
        var expected = Packet('O', UInt32(6), UInt32(0x101), UInt32(0x10), UInt32(1), Str("{tls_version} {cipher}"), UInt32(5), Str("i"));
        Assert.Equal(expected, reply.Encode());
    }
}
