using System.Buffers.Binary;

namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>
/// Decodes MTA-to-filter packets. Strict: a packet whose data does not have exactly the documented layout
/// (libmilter's <c>mi_engine</c> argument rules, Postfix's <c>milter8.c</c> writers) is malformed.
/// </summary>
public static class MilterCommandParser
{
    public static MilterParseResult Parse(MilterFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var data = frame.Data.Span;
        return frame.Command switch
        {
            MilterCommandCode.OptionNegotiation => ParseNegotiate(data),
            MilterCommandCode.Macro => ParseMacro(data),
            MilterCommandCode.Connect => ParseConnect(data),
            MilterCommandCode.Helo => ParseSingle(data, "HELO", s => new HeloCommand(s)),
            MilterCommandCode.Mail => ParseEnvelope(data, "MAIL", (first, rest) => new MailCommand(first, rest)),
            MilterCommandCode.Rcpt => ParseEnvelope(data, "RCPT", (first, rest) => new RcptCommand(first, rest)),
            MilterCommandCode.Header => ParseHeader(data),
            MilterCommandCode.Body => MilterParseResult.Ok(new BodyCommand(frame.Data)),
            MilterCommandCode.EndOfMessage => MilterParseResult.Ok(new EndOfMessageCommand(frame.Data)),
            MilterCommandCode.Unknown => ParseSingle(data, "UNKNOWN", s => new UnknownCommand(s)),
            MilterCommandCode.Data or MilterCommandCode.EndOfHeaders or MilterCommandCode.Abort
                or MilterCommandCode.Quit or MilterCommandCode.QuitNewConnection => ParseBare(frame.Command, data),
            _ => MilterParseResult.Malformed($"unknown command 0x{frame.Command:X2}"),
        };
    }

    private static MilterParseResult ParseNegotiate(ReadOnlySpan<byte> data)
    {
        // SMFIC_OPTNEG: three uint32 in network order: version, actions (SMFIF_*), protocol (SMFIP_*).
        if (data.Length != 12)
        {
            return MilterParseResult.Malformed($"option negotiation carries {data.Length} bytes, expected 12");
        }

        var version = BinaryPrimitives.ReadUInt32BigEndian(data);
        var actions = (MilterActions)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        var steps = (MilterSteps)BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
        return MilterParseResult.Ok(new NegotiateCommand(version, actions, steps));
    }

    private static MilterParseResult ParseMacro(ReadOnlySpan<byte> data)
    {
        // SMFIC_MACRO: the command code the macros are for, then name\0value\0 pairs (possibly none).
        if (data.IsEmpty)
        {
            return MilterParseResult.Malformed("macro packet without a command code");
        }

        var strings = new List<string>();
        if (!NulStrings.TrySplit(data[1..], strings))
        {
            return MilterParseResult.Malformed("macro packet with an unterminated string");
        }

        if (strings.Count % 2 != 0)
        {
            return MilterParseResult.Malformed("macro packet with a name but no value");
        }

        var macros = new List<KeyValuePair<string, string>>(strings.Count / 2);
        for (var i = 0; i < strings.Count; i += 2)
        {
            macros.Add(new(strings[i], strings[i + 1]));
        }

        return MilterParseResult.Ok(new MacroCommand(data[0], macros));
    }

    private static MilterParseResult ParseConnect(ReadOnlySpan<byte> data)
    {
        // SMFIC_CONNECT: hostname\0, family (SMFIA_*), and unless the family is 'U': port (uint16, network order), address\0.
        if (!NulStrings.TryReadOne(data, out var hostname, out var used))
        {
            return MilterParseResult.Malformed("connect packet with an unterminated host name");
        }

        data = data[used..];
        if (data.IsEmpty)
        {
            return MilterParseResult.Malformed("connect packet without an address family");
        }

        var family = (char)data[0];
        data = data[1..];
        if (family == 'U')
        {
            return data.IsEmpty
                ? MilterParseResult.Ok(new ConnectCommand(hostname, family, null, null))
                : MilterParseResult.Malformed("connect packet for family U carries an address");
        }

        if (family is not ('4' or '6' or 'L'))
        {
            return MilterParseResult.Malformed($"connect packet with unknown address family 0x{(byte)family:X2}");
        }

        if (data.Length < 3)
        {
            return MilterParseResult.Malformed("connect packet too short for port and address");
        }

        var port = BinaryPrimitives.ReadUInt16BigEndian(data);
        if (!NulStrings.TryReadOne(data[2..], out var address, out used) || used != data.Length - 2)
        {
            return MilterParseResult.Malformed("connect packet with a bad address string");
        }

        return MilterParseResult.Ok(new ConnectCommand(hostname, family, port, address));
    }

    private static MilterParseResult ParseSingle(ReadOnlySpan<byte> data, string what, Func<string, MilterCommand> build)
    {
        var strings = new List<string>(1);
        if (!NulStrings.TrySplit(data, strings) || strings.Count != 1)
        {
            return MilterParseResult.Malformed($"{what} packet must hold exactly one terminated string");
        }

        return MilterParseResult.Ok(build(strings[0]));
    }

    private static MilterParseResult ParseEnvelope(ReadOnlySpan<byte> data, string what, Func<string, IReadOnlyList<string>, MilterCommand> build)
    {
        var strings = new List<string>();
        if (!NulStrings.TrySplit(data, strings) || strings.Count == 0)
        {
            return MilterParseResult.Malformed($"{what} packet must hold an address and terminated arguments");
        }

        return MilterParseResult.Ok(build(strings[0], strings.GetRange(1, strings.Count - 1)));
    }

    private static MilterParseResult ParseHeader(ReadOnlySpan<byte> data)
    {
        var strings = new List<string>(2);
        if (!NulStrings.TrySplit(data, strings) || strings.Count != 2)
        {
            return MilterParseResult.Malformed("header packet must hold exactly a name and a value");
        }

        return strings[0].Length == 0
            ? MilterParseResult.Malformed("header packet with an empty name")
            : MilterParseResult.Ok(new HeaderCommand(strings[0], strings[1]));
    }

    private static MilterParseResult ParseBare(byte code, ReadOnlySpan<byte> data) =>
        data.IsEmpty
            ? MilterParseResult.Ok(new BareCommand(code))
            : MilterParseResult.Malformed($"command '{(char)code}' carries {data.Length} unexpected bytes");
}
