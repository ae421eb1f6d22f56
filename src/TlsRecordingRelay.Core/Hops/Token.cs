using System.Runtime.InteropServices;

namespace TlsRecordingRelay.Core.Hops;

/// <summary>A span of the unfolded field text, with its kind and the clause it belongs to.</summary>
[StructLayout(LayoutKind.Auto)] // 12 bytes instead of 16: lines hold dozens of tokens.
internal readonly record struct Token(TokenKind Kind, int Start, int Length, Clause Clause = Clause.Preamble, bool Keyword = false)
{
    public int End => Start + Length;

    public ReadOnlySpan<char> Span(string text) => text.AsSpan(Start, Length);

    public string Text(string text) => text.Substring(Start, Length);

    public bool Is(string text, string word) =>
        Kind == TokenKind.Word && text.AsSpan(Start, Length).Equals(word, StringComparison.OrdinalIgnoreCase);
}
