using System.Text;
using TlsRecordingRelay.Core.Acceptance;

namespace TlsRecordingRelay.Core.Tests.Acceptance;

public sealed class LineEndingsTests
{
    [Theory]
    [InlineData("a\r\nb\r\n", false)]
    [InlineData("", false)]
    [InlineData("a\nb", true)]
    [InlineData("a\rb", true)]
    [InlineData("a\r", true)]
    [InlineData("\n", true)]
    [InlineData("a\r\r\nb", true)]
    [InlineData("a\r\n\nb", true)]
    public void Bare_line_endings_are_found(string text, bool bare) =>
        Assert.Equal(bare, LineEndings.HasBare(Encoding.ASCII.GetBytes(text)));

    [Theory]
    [InlineData("a\nb", "a\r\nb")]
    [InlineData("a\rb\r", "a\r\nb\r\n")]
    [InlineData("a\r\r\nb", "a\r\n\r\nb")]
    [InlineData("ok\r\n", "ok\r\n")]
    public void Normalising_turns_every_bare_ending_into_crlf(string text, string expected)
    {
        var normalised = LineEndings.Normalize(Encoding.ASCII.GetBytes(text));
        Assert.Equal(expected, Encoding.ASCII.GetString(normalised));
        Assert.False(LineEndings.HasBare(normalised));
    }
}
