using TlsRecordingRelay.Milter.Protocol;
using static TlsRecordingRelay.Milter.Tests.Packets;

namespace TlsRecordingRelay.Milter.Tests.Protocol;

public sealed class FrameReaderTests
{
    private const int Limit = 1024 * 1024;

    private static Task<FrameReadResult> Read(byte[] bytes, int limit = Limit) =>
        MilterFrameReader.ReadAsync(new MemoryStream(bytes), limit, CancellationToken.None);

    [Fact]
    public async Task A_packet_is_its_length_then_the_command_byte_then_the_data()
    {
        // mfdef.h framing: the length 3 counts the command byte and the two data bytes "x\0".
        var result = await Read([0, 0, 0, 3, (byte)'H', (byte)'x', 0]);
        Assert.Equal(FrameReadStatus.Frame, result.Status);
        Assert.Equal((byte)'H', result.Frame!.Command);
        Assert.Equal(new byte[] { (byte)'x', 0 }, result.Frame.Data.ToArray());
    }

    [Fact]
    public async Task Two_packets_back_to_back_are_read_one_at_a_time()
    {
        var stream = new MemoryStream([.. Bare('N'), .. Bare('E')]);
        Assert.Equal((byte)'N', (await MilterFrameReader.ReadAsync(stream, Limit, CancellationToken.None)).Frame!.Command);
        Assert.Equal((byte)'E', (await MilterFrameReader.ReadAsync(stream, Limit, CancellationToken.None)).Frame!.Command);
        Assert.Equal(FrameReadStatus.Closed, (await MilterFrameReader.ReadAsync(stream, Limit, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task An_end_of_stream_between_packets_is_a_clean_close()
    {
        Assert.Equal(FrameReadStatus.Closed, (await Read([])).Status);
    }

    [Fact]
    public async Task A_zero_length_is_malformed_because_every_packet_has_a_command_byte()
    {
        var result = await Read([0, 0, 0, 0]);
        Assert.Equal(FrameReadStatus.Malformed, result.Status);
        Assert.Contains("length 0", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_length_over_the_limit_is_refused_before_any_data_is_read()
    {
        // 0x7FFFFFFF announced, nothing behind it: refusing without reading proves nothing was allocated for it.
        var result = await Read([0x7F, 0xFF, 0xFF, 0xFF]);
        Assert.Equal(FrameReadStatus.Malformed, result.Status);
        Assert.Contains("exceeds the limit", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_length_exactly_at_the_limit_is_accepted()
    {
        var data = new byte[16];
        var result = await Read([0, 0, 0, 17, (byte)'B', .. data], limit: 17);
        Assert.Equal(FrameReadStatus.Frame, result.Status);
        Assert.Equal(16, result.Frame!.Data.Length);
    }

    [Fact]
    public async Task A_connection_closed_inside_the_length_is_malformed()
    {
        Assert.Equal(FrameReadStatus.Malformed, (await Read([0, 0])).Status);
    }

    [Fact]
    public async Task A_connection_closed_inside_the_data_is_malformed()
    {
        var result = await Read([0, 0, 0, 10, (byte)'H', (byte)'a']);
        Assert.Equal(FrameReadStatus.Malformed, result.Status);
        Assert.Contains("2 of 10", result.Error, StringComparison.Ordinal);
    }
}
