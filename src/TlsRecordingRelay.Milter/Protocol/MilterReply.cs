using System.Buffers.Binary;

namespace TlsRecordingRelay.Milter.Protocol;

/// <summary>One filter-to-MTA packet (<c>SMFIR_*</c>), built by the factories below and framed by <see cref="Encode"/>.</summary>
public sealed class MilterReply
{
    private readonly byte[] _data;

    private MilterReply(byte code, byte[] data)
    {
        Code = code;
        _data = data;
    }

    public byte Code { get; }

    public ReadOnlyMemory<byte> Data => _data;

    public static MilterReply Continue { get; } = new(MilterReplyCode.Continue, []);

    public static MilterReply Accept { get; } = new(MilterReplyCode.Accept, []);

    public static MilterReply Reject { get; } = new(MilterReplyCode.Reject, []);

    public static MilterReply TempFail { get; } = new(MilterReplyCode.TempFail, []);

    public static MilterReply Skip { get; } = new(MilterReplyCode.Skip, []);

    /// <summary>SMFIC_OPTNEG reply: version, actions, steps, then (v6, SMFIF_SETSYMLIST) per stage a uint32 and a
    /// space-separated macro list. Postfix (milter8.c) replaces all its macro lists once any list is sent.</summary>
    public static MilterReply Negotiate(uint version, MilterActions actions, MilterSteps steps, IReadOnlyList<KeyValuePair<MacroStage, string>>? macroLists = null)
    {
        var data = new List<byte>(64);
        AddUInt32(data, version);
        AddUInt32(data, (uint)actions);
        AddUInt32(data, (uint)steps);
        foreach (var (stage, names) in macroLists ?? [])
        {
            AddUInt32(data, (uint)stage);
            NulStrings.Write(data, names);
        }

        return new(MilterReplyCode.OptionNegotiation, [.. data]);
    }

    /// <summary>SMFIR_REPLYCODE: a full SMTP reply ("550 5.7.1 text"); the code must be 4xx or 5xx.</summary>
    public static MilterReply ReplyCode(string reply)
    {
        ArgumentException.ThrowIfNullOrEmpty(reply);
        if (reply.Length < 3 || reply[0] is not ('4' or '5') || !char.IsAsciiDigit(reply[1]) || !char.IsAsciiDigit(reply[2]))
        {
            throw new ArgumentException("A milter reply code must start with a 4xx or 5xx code.", nameof(reply));
        }

        var data = new List<byte>(reply.Length + 1);
        NulStrings.Write(data, reply);
        return new(MilterReplyCode.ReplyCode, [.. data]);
    }

    /// <summary>SMFIR_ADDHEADER: appended after the existing fields.</summary>
    public static MilterReply AddHeader(string name, string value)
    {
        var data = new List<byte>(name.Length + value.Length + 2);
        NulStrings.Write(data, name);
        NulStrings.Write(data, value);
        return new(MilterReplyCode.AddHeader, [.. data]);
    }

    /// <summary>SMFIR_INSHEADER: inserted at <paramref name="index"/> (0 = before the first field).</summary>
    public static MilterReply InsertHeader(uint index, string name, string value) => Indexed(MilterReplyCode.InsertHeader, index, name, value);

    /// <summary>SMFIR_CHGHEADER: replaces the <paramref name="index"/>th (1-based) field of that name; an empty value deletes it.</summary>
    public static MilterReply ChangeHeader(uint index, string name, string value) => Indexed(MilterReplyCode.ChangeHeader, index, name, value);

    /// <summary>The packet on the wire: length (command byte + data, network order), command byte, data.</summary>
    public byte[] Encode()
    {
        var packet = new byte[MilterFrame.HeaderBytes + _data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)(_data.Length + 1));
        packet[4] = Code;
        _data.CopyTo(packet, MilterFrame.HeaderBytes);
        return packet;
    }

    private static MilterReply Indexed(byte code, uint index, string name, string value)
    {
        var data = new List<byte>(name.Length + value.Length + 6);
        AddUInt32(data, index);
        NulStrings.Write(data, name);
        NulStrings.Write(data, value);
        return new(code, [.. data]);
    }

    private static void AddUInt32(List<byte> data, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        data.AddRange(bytes);
    }
}
