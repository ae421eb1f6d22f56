namespace TlsRecordingRelay.Http.Pages;

/// <summary>A fragment of markup we wrote ourselves (or already encoded): the only value an <see cref="HtmlBuilder"/> hole does not encode.</summary>
public readonly record struct Html(string Markup)
{
    public static Html Empty { get; } = new(string.Empty);

    public override string ToString() => Markup;
}
