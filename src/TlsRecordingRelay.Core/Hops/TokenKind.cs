namespace TlsRecordingRelay.Core.Hops;

/// <summary>The lexical units of a Received field (RFC 5322 §3.2: atoms, comments, quoted strings, domain literals).</summary>
internal enum TokenKind : byte
{
    /// <summary>A run of text up to whitespace or a delimiter (atoms, dot-atoms, <c>key=value</c>).</summary>
    Word,

    /// <summary>A parenthesised comment; the span is its content without the outer parentheses.</summary>
    Comment,

    /// <summary>A <c>[domain-literal]</c>; the span is its content.</summary>
    Literal,

    /// <summary>An <c>&lt;angle-addr&gt;</c>; the span is its content.</summary>
    Angle,

    /// <summary>A quoted string; the span is its content.</summary>
    Quoted,

    /// <summary>A top-level ';', which RFC 5322 §3.6.7 puts before the date-time.</summary>
    Semicolon,
}
