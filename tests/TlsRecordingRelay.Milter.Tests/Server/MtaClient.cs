using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using static TlsRecordingRelay.Milter.Tests.Packets;

namespace TlsRecordingRelay.Milter.Tests.Server;

/// <summary>A hand-written MTA side of the milter protocol, sending packets as Postfix's milter8.c does.</summary>
internal sealed class MtaClient : IAsyncDisposable
{
    // A guard against a hung test, not a timed assertion: every expected reply arrives at once.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private MtaClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Postfix 3.x's offer: version 6, every action, every step.</summary>
    public static byte[] PostfixOffer => Negotiate(6, 0x1FF, 0x1FFFFF);

    public static async Task<MtaClient> ConnectAsync(EndPoint endpoint)
    {
        var socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var guard = new CancellationTokenSource(HangGuard);
        await socket.ConnectAsync(endpoint, guard.Token);
        return new MtaClient(socket);
    }

    public async Task SendAsync(params byte[][] packets)
    {
        foreach (var packet in packets)
        {
            await _stream.WriteAsync(packet);
        }

        await _stream.FlushAsync();
    }

    /// <summary>Reads one reply packet; null when the filter closed the connection.</summary>
    public async Task<(char Code, byte[] Data)?> ReadAsync()
    {
        using var guard = new CancellationTokenSource(HangGuard);
        var header = new byte[4];
        if (await _stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, guard.Token) < 4)
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header)];
        await _stream.ReadExactlyAsync(body, guard.Token);
        return ((char)body[0], body[1..]);
    }

    public async Task<(char Code, byte[] Data)> ExpectAsync(char code)
    {
        var reply = await ReadAsync();
        Assert.True(reply is not null, $"expected '{code}', the filter closed the connection");
        Assert.Equal(code, reply.Value.Code);
        return reply.Value;
    }

    /// <summary>Reads replies up to and including the final one of a message (continue, accept, reject, tempfail, reply code).</summary>
    public async Task<List<(char Code, string Text)>> ReadUntilFinalAsync()
    {
        var replies = new List<(char, string)>();
        while (true)
        {
            var reply = await ReadAsync();
            Assert.True(reply is not null, "the filter closed the connection before its final reply");
            var text = Encoding.Latin1.GetString(reply.Value.Data);
            replies.Add((reply.Value.Code, text));
            if (reply.Value.Code is 'c' or 'a' or 'r' or 't' or 'y')
            {
                return replies;
            }
        }
    }

    /// <summary>True when the filter closed the connection: an orderly close, or a reset because it closed
    /// with our unread bytes still in its buffer (what a refused oversized packet leads to).</summary>
    public async Task<bool> IsClosedByPeerAsync()
    {
        try
        {
            return await ReadAsync() is null;
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    /// <summary>Negotiates with <see cref="PostfixOffer"/> and returns the reply's data.</summary>
    public async Task<byte[]> NegotiateAsync(byte[]? offer = null)
    {
        await SendAsync(offer ?? PostfixOffer);
        return (await ExpectAsync('O')).Data;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return _stream.DisposeAsync();
    }
}
