using System.Buffers.Binary;
using System.Text;

namespace TlsRecordingRelay.Milter.Tests;

/// <summary>Writes packets byte by byte as the protocol documentation lays them out, independent of the code under test.</summary>
internal static class Packets
{
    public static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] Str(string value) => [.. Encoding.Latin1.GetBytes(value), 0];

    /// <summary>length (network order, command byte + data), command, data.</summary>
    public static byte[] Packet(char command, params byte[][] parts)
    {
        var data = parts.SelectMany(p => p).ToArray();
        return [.. UInt32((uint)data.Length + 1), (byte)command, .. data];
    }

    public static byte[] Negotiate(uint version, uint actions, uint steps) =>
        Packet('O', UInt32(version), UInt32(actions), UInt32(steps));

    public static byte[] Macros(char stage, params string[] namesAndValues) =>
        Packet('D', [[(byte)stage], .. namesAndValues.Select(Str)]);

    public static byte[] Connect(string host, char family, ushort port, string address) =>
        Packet('C', Str(host), [(byte)family, (byte)(port >> 8), (byte)port], Str(address));

    public static byte[] Helo(string name) => Packet('H', Str(name));

    public static byte[] Mail(params string[] args) => Packet('M', [.. args.Select(Str)]);

    public static byte[] Rcpt(params string[] args) => Packet('R', [.. args.Select(Str)]);

    public static byte[] Header(string name, string value) => Packet('L', Str(name), Str(value));

    public static byte[] Bare(char command) => Packet(command);
}
