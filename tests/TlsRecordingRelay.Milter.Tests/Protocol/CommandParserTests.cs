using TlsRecordingRelay.Milter.Protocol;
using static TlsRecordingRelay.Milter.Tests.Packets;

namespace TlsRecordingRelay.Milter.Tests.Protocol;

/// <summary>Each MTA command from bytes laid out as libmilter's mfdef.h and Postfix's milter8.c write them.</summary>
public sealed class CommandParserTests
{
    private static MilterParseResult Parse(byte[] packet)
    {
        var result = MilterFrameReader.ReadAsync(new MemoryStream(packet), 1 << 20, CancellationToken.None).GetAwaiter().GetResult();
        Assert.Equal(FrameReadStatus.Frame, result.Status);
        return MilterCommandParser.Parse(result.Frame!);
    }

    private static T Parsed<T>(byte[] packet)
        where T : MilterCommand
    {
        var result = Parse(packet);
        Assert.Null(result.Error);
        return Assert.IsType<T>(result.Command);
    }

    private static string Malformed(byte[] packet)
    {
        var result = Parse(packet);
        Assert.Null(result.Command);
        return result.Error!;
    }

    [Fact]
    public void Option_negotiation_carries_version_actions_and_steps_in_network_order()
    {
        // Postfix 3.x: version 6, all nine SMFIF_* actions (0x1FF), all SMFIP_* steps (0x1FFFFF).
        byte[] bytes = [0, 0, 0, 13, (byte)'O', 0, 0, 0, 6, 0, 0, 0x01, 0xFF, 0, 0x1F, 0xFF, 0xFF];
        var command = Parsed<NegotiateCommand>(bytes);
        Assert.Equal(6u, command.Version);
        Assert.Equal((MilterActions)0x1FF, command.Actions);
        Assert.True(command.Actions.HasFlag(MilterActions.SetSymbolList));
        Assert.Equal((MilterSteps)0x1FFFFF, command.Steps);
        Assert.True(command.Steps.HasFlag(MilterSteps.HeaderLeadingSpace));
    }

    [Fact]
    public void Option_negotiation_of_the_wrong_size_is_malformed()
    {
        Assert.Contains("expected 12", Malformed(Packet('O', UInt32(6), UInt32(0x1FF))), StringComparison.Ordinal);
    }

    [Fact]
    public void Macros_name_the_command_they_belong_to_then_come_in_name_value_pairs()
    {
        var command = Parsed<MacroCommand>(Macros('C', "j", "mx.example.org", "{daemon_name}", "smtpd"));
        Assert.Equal((byte)'C', command.ForCommand);
        Assert.Equal([new("j", "mx.example.org"), new("{daemon_name}", "smtpd")], command.Macros);
    }

    [Fact]
    public void A_macro_packet_with_no_pairs_is_valid()
    {
        Assert.Empty(Parsed<MacroCommand>(Macros('T')).Macros);
    }

    [Fact]
    public void A_macro_name_without_a_value_is_malformed()
    {
        Assert.Contains("no value", Malformed(Macros('H', "{tls_version}")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_macro_packet_without_a_stage_is_malformed()
    {
        Malformed(Packet('D'));
    }

    [Fact]
    public void Connect_over_ipv4_carries_host_family_port_and_address()
    {
        var command = Parsed<ConnectCommand>(Connect("mail.example.org", '4', 12345, "192.0.2.10"));
        Assert.Equal(new ConnectCommand("mail.example.org", '4', 12345, "192.0.2.10"), command);
    }

    [Fact]
    public void Connect_over_ipv6_uses_family_6()
    {
        Assert.Equal("2001:db8::1", Parsed<ConnectCommand>(Connect("[2001:db8::1]", '6', 25, "2001:db8::1")).Address);
    }

    [Fact]
    public void Connect_over_a_unix_socket_uses_family_L_with_port_0()
    {
        var command = Parsed<ConnectCommand>(Connect("localhost", 'L', 0, "/var/run/x"));
        Assert.Equal(('L', 0), (command.Family, command.Port!.Value));
    }

    [Fact]
    public void Connect_with_unknown_family_ends_after_the_family_byte()
    {
        var command = Parsed<ConnectCommand>(Packet('C', Str("unknown"), [(byte)'U']));
        Assert.Equal(new ConnectCommand("unknown", 'U', null, null), command);
    }

    [Theory]
    [InlineData('X')]
    [InlineData('5')]
    public void Connect_with_an_undefined_family_is_malformed(char family)
    {
        Malformed(Connect("h", family, 25, "192.0.2.1"));
    }

    [Fact]
    public void Connect_with_bytes_after_the_address_is_malformed()
    {
        Malformed(Packet('C', Str("h"), [(byte)'4', 0, 25], Str("192.0.2.1"), [1]));
    }

    [Fact]
    public void Connect_with_an_unterminated_address_is_malformed()
    {
        Malformed(Packet('C', Str("h"), [(byte)'4', 0, 25, (byte)'1']));
    }

    [Fact]
    public void Helo_is_one_terminated_string()
    {
        Assert.Equal("client.example.net", Parsed<HeloCommand>(Helo("client.example.net")).Name);
    }

    [Fact]
    public void Helo_without_its_terminator_is_malformed()
    {
        Malformed(Packet('H', "abc"u8.ToArray()));
    }

    [Fact]
    public void Mail_is_the_sender_then_its_esmtp_arguments()
    {
        var command = Parsed<MailCommand>(Mail("<alice@example.net>", "SIZE=1234", "BODY=8BITMIME"));
        Assert.Equal("<alice@example.net>", command.Sender);
        Assert.Equal(["SIZE=1234", "BODY=8BITMIME"], command.Arguments);
    }

    [Fact]
    public void Mail_with_the_null_sender_is_valid()
    {
        Assert.Equal("<>", Parsed<MailCommand>(Mail("<>")).Sender);
    }

    [Fact]
    public void Mail_with_no_data_is_malformed()
    {
        Malformed(Packet('M'));
    }

    [Fact]
    public void Rcpt_is_the_recipient_then_its_esmtp_arguments()
    {
        var command = Parsed<RcptCommand>(Rcpt("<bob@example.org>", "NOTIFY=NEVER"));
        Assert.Equal(("<bob@example.org>", "NOTIFY=NEVER"), (command.Recipient, command.Arguments.Single()));
    }

    [Fact]
    public void A_header_is_a_name_and_a_value_and_a_folded_value_keeps_its_line_break()
    {
        var command = Parsed<HeaderCommand>(Header("Received", "from a (a [192.0.2.1])\n\tby b; Thu, 3 Dec 2026 10:00:00 +0000"));
        Assert.Equal("Received", command.Name);
        Assert.Contains("\n\tby b", command.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_with_an_empty_value_is_valid()
    {
        Assert.Equal(string.Empty, Parsed<HeaderCommand>(Header("X-Empty", string.Empty)).Value);
    }

    [Fact]
    public void A_header_with_three_strings_is_malformed()
    {
        Malformed(Packet('L', Str("a"), Str("b"), Str("c")));
    }

    [Fact]
    public void A_header_with_an_empty_name_is_malformed()
    {
        Malformed(Header(string.Empty, "v"));
    }

    [Fact]
    public void A_body_chunk_is_raw_bytes()
    {
        Assert.Equal("line\r\n"u8.ToArray(), Parsed<BodyCommand>(Packet('B', "line\r\n"u8.ToArray())).Chunk.ToArray());
    }

    [Fact]
    public void End_of_message_may_carry_a_last_body_chunk()
    {
        Assert.True(Parsed<EndOfMessageCommand>(Bare('E')).FinalChunk.IsEmpty);
        Assert.Equal(3, Parsed<EndOfMessageCommand>(Packet('E', "end"u8.ToArray())).FinalChunk.Length);
    }

    [Fact]
    public void Unknown_smtp_commands_come_as_one_string()
    {
        Assert.Equal("XFOO bar", Parsed<UnknownCommand>(Packet('U', Str("XFOO bar"))).Line);
    }

    [Theory]
    [InlineData('T')]
    [InlineData('N')]
    [InlineData('A')]
    [InlineData('Q')]
    [InlineData('K')]
    public void Data_end_of_headers_abort_quit_and_quit_new_connection_carry_no_data(char code)
    {
        Assert.Equal((byte)code, Parsed<BareCommand>(Bare(code)).Code);
        Assert.Contains("unexpected", Malformed(Packet(code, [1])), StringComparison.Ordinal);
    }

    [Fact]
    public void An_undefined_command_byte_is_malformed()
    {
        Assert.Contains("unknown command 0x7A", Malformed(Bare('z')), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_octet_of_a_string_survives_decoding()
    {
        var value = Parsed<HeaderCommand>(Packet('L', Str("Subject"), [0xC3, 0xA9, 0xFF, 0]));
        Assert.Equal(new[] { 0xC3, 0xA9, 0xFF }, value.Value.Select(c => (int)c));
    }
}
