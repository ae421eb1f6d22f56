using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TlsRecordingRelay.TestSupport.Dns;

/// <summary>
/// A tiny authoritative DNS server over UDP on 127.0.0.1 (port bound to 0 and read back) answering MX, A
/// and AAAA from an in-memory zone. Unknown names get NXDOMAIN; known names without the asked type get
/// NOERROR with no answers (NODATA); names added with <see cref="AddServerFailure"/> get SERVFAIL.
/// </summary>
public sealed class TestDnsServer : IAsyncDisposable
{
    private const ushort TypeA = 1;
    private const ushort TypeMx = 15;
    private const ushort TypeAaaa = 28;

    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly ConcurrentDictionary<string, List<(ushort Type, byte[] Data)>> _zone = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _serverFailures = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TestDnsServer()
    {
        EndPoint = (IPEndPoint)_udp.Client.LocalEndPoint!;
        _loop = Task.Run(ServeAsync);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>An MX record; exchange "." is the RFC 7505 null MX.</summary>
    public TestDnsServer AddMx(string domain, ushort preference, string exchange)
    {
        var data = new List<byte>();
        var pref = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(pref, preference);
        data.AddRange(pref);
        data.AddRange(EncodeName(exchange));
        Add(domain, TypeMx, [.. data]);
        return this;
    }

    public TestDnsServer AddAddress(string name, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Add(name, address.AddressFamily == AddressFamily.InterNetworkV6 ? TypeAaaa : TypeA, address.GetAddressBytes());
        return this;
    }

    public TestDnsServer AddServerFailure(string name)
    {
        _serverFailures[Trim(name)] = true;
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }

    private void Add(string name, ushort type, byte[] data) =>
        _zone.AddOrUpdate(Trim(name), _ => [(type, data)], (_, list) =>
        {
            lock (list)
            {
                list.Add((type, data));
            }

            return list;
        });

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var response = Answer(request.Buffer);
            if (response is not null)
            {
                await _udp.SendAsync(response, request.RemoteEndPoint, _stop.Token);
            }
        }
    }

    private byte[]? Answer(byte[] query)
    {
        if (query.Length < 17)
        {
            return null;
        }

        // RFC 1035 §4.1: 12-byte header, then the question (QNAME labels, QTYPE, QCLASS).
        var position = 12;
        var labels = new List<string>();
        while (position < query.Length && query[position] != 0)
        {
            var length = query[position];
            labels.Add(Encoding.ASCII.GetString(query, position + 1, length));
            position += length + 1;
        }

        position++; // the root label
        var questionEnd = position + 4;
        if (questionEnd > query.Length)
        {
            return null;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(position));
        var name = string.Join('.', labels);
        var answers = new List<(ushort Type, byte[] Data)>();
        byte rcode;
        if (_serverFailures.ContainsKey(name))
        {
            rcode = 2; // SERVFAIL
        }
        else if (_zone.TryGetValue(name, out var records))
        {
            rcode = 0;
            lock (records)
            {
                answers.AddRange(records.Where(r => r.Type == type));
            }
        }
        else
        {
            rcode = 3; // NXDOMAIN
        }

        var response = new List<byte>();
        response.AddRange(query.AsSpan(0, 2).ToArray());                       // ID
        response.Add((byte)(0x84 | (query[2] & 0x01)));                         // QR, AA, RD copied
        response.Add(rcode);                                                    // RA=0, RCODE
        response.AddRange([0, 1]);                                              // QDCOUNT
        response.AddRange([(byte)(answers.Count >> 8), (byte)answers.Count]);   // ANCOUNT
        response.AddRange([0, 0, 0, 0]);                                        // NSCOUNT, ARCOUNT
        response.AddRange(query.AsSpan(12, questionEnd - 12).ToArray());
        foreach (var (recordType, data) in answers)
        {
            response.AddRange([0xC0, 12]);                                      // pointer to the question name
            response.AddRange([(byte)(recordType >> 8), (byte)recordType, 0, 1]);
            response.AddRange([0, 0, 0, 60]);                                   // TTL
            response.AddRange([(byte)(data.Length >> 8), (byte)data.Length]);
            response.AddRange(data);
        }

        return [.. response];
    }

    private static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in Trim(name).Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }

    private static string Trim(string name) => name.TrimEnd('.');
}
