namespace TlsRecordingRelay.Core.Hops;

/// <summary>What a from clause says, before deciding whether its first word is the HELO or the reverse-DNS name.</summary>
/// <param name="Word">The first word after <c>from</c> (a name, <c>[ip]</c>, or a local user for <c>from user</c>).</param>
/// <param name="WordIsLiteral">The first word was a <c>[domain-literal]</c>.</param>
/// <param name="CommentHelo">A HELO named explicitly: <c>(HELO x)</c>, <c>(EHLO x)</c>, <c>helo=x</c>, <c>claiming to be x</c>.</param>
/// <param name="CommentHost">A host name printed in a comment, normally the reverse-DNS name (<c>(rdns [ip])</c>).</param>
/// <param name="Ip">The first address found, normalised.</param>
internal sealed record FromClause(string? Word, bool WordIsLiteral, string? CommentHelo, string? CommentHost, string? Ip)
{
    public static FromClause Empty { get; } = new(null, false, null, null, null);
}
