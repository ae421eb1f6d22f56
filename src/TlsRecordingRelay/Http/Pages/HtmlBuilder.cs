using System.Runtime.CompilerServices;
using System.Text;

namespace TlsRecordingRelay.Http.Pages;

/// <summary>
/// Builds a page from interpolated strings whose literal parts are our markup and whose holes are always
/// HTML-encoded (<see cref="HtmlHoles"/>): stored values (Received lines, HELO names, Message-IDs) are
/// attacker-controlled, and this way no call site can forget to encode one.
/// </summary>
public sealed class HtmlBuilder
{
    private readonly StringBuilder _text = new();

    public HtmlBuilder Append([InterpolatedStringHandlerArgument("")] ref HtmlHoles markup)
    {
        // The handler has already written into _text.
        _ = markup;
        return this;
    }

    public HtmlBuilder Append(Html markup)
    {
        _text.Append(markup.Markup);
        return this;
    }

    internal StringBuilder Text => _text;

    public Html ToHtml() => new(_text.ToString());

    public override string ToString() => _text.ToString();
}
