using System.Text;
using TlsRecordingRelay.Core.Acceptance;

namespace TlsRecordingRelay.Core.Tests.Acceptance;

public sealed class HeaderBlockTests
{
    private static readonly byte[] Message = Encoding.ASCII.GetBytes(
        "Received: from a\r\n\tby b; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
        + "Message-ID:\r\n <id-1@example.org>\r\n"
        + "Received: from c by d; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
        + "\r\n"
        + "Received: from body-is-not-a-header\r\n");

    [Fact]
    public void Fields_are_unfolded_and_the_body_is_not_read()
    {
        var fields = HeaderBlock.Fields(Message);
        Assert.Equal(["Received", "Message-ID", "Received"], fields.Select(f => f.Key));
        Assert.Equal(["from a\tby b; Mon, 1 Jan 2024 00:00:00 +0000", "from c by d; Mon, 1 Jan 2024 00:00:00 +0000"], HeaderBlock.Received(fields));
    }

    [Fact]
    public void The_message_id_loses_its_angle_brackets()
    {
        Assert.Equal("id-1@example.org", HeaderBlock.MessageId(HeaderBlock.Fields(Message)));
        Assert.Equal("x@y", HeaderBlock.NormalizeMessageId(" x@y "));
        Assert.Null(HeaderBlock.NormalizeMessageId("<>"));
    }

    [Fact]
    public void A_message_without_headers_has_no_fields()
    {
        Assert.Empty(HeaderBlock.Fields("\r\nbody\r\n"u8.ToArray()));
        Assert.Empty(HeaderBlock.Fields([]));
    }
}
