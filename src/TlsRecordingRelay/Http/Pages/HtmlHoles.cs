using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;

namespace TlsRecordingRelay.Http.Pages;

/// <summary>
/// The interpolated-string handler of <see cref="HtmlBuilder.Append(ref HtmlHoles)"/>: literals are written as they
/// are, every hole is formatted with the invariant culture and HTML-encoded (quotes too, so holes are safe inside
/// attribute values), except an <see cref="Html"/> fragment, which is markup already.
/// </summary>
[InterpolatedStringHandler]
public readonly ref struct HtmlHoles
{
    private readonly HtmlBuilder _builder;

    public HtmlHoles(int literalLength, int formattedCount, HtmlBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        _ = formattedCount;
        _builder = builder;
        _builder.Text.EnsureCapacity(_builder.Text.Length + literalLength);
    }

    public void AppendLiteral(string value) => _builder.Text.Append(value);

    public void AppendFormatted(Html value) => _builder.Text.Append(value.Markup);

    public void AppendFormatted(string? value) => _builder.Text.Append(HtmlEncoder.Default.Encode(value ?? string.Empty));

    public void AppendFormatted<T>(T value, string? format = null)
    {
        var text = value switch
        {
            null => string.Empty,
            IFormattable formattable => formattable.ToString(format, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        _builder.Text.Append(HtmlEncoder.Default.Encode(text));
    }
}
