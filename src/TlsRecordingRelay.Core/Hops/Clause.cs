namespace TlsRecordingRelay.Core.Hops;

/// <summary>Which Received clause a token belongs to (RFC 5321 §4.4 Stamp, plus RFC 8314 §4.3 <c>tls</c>).</summary>
internal enum Clause : byte
{
    /// <summary>Before any keyword, e.g. sendmail's <c>(from user@localhost)</c> or qmail's <c>(qmail 1 invoked by uid 89)</c>.</summary>
    Preamble,
    From,
    By,
    Via,
    With,
    Id,
    For,
    Tls,

    /// <summary>After the last top-level ';' (or where a date was found when the ';' is missing).</summary>
    Date,
}
