namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// One knowledge-base entry (config/mta-knowledge.json): how to recognise a stamper, whether it records TLS
/// every time it is used, and the evidence that claim rests on. Every listed condition must hold; within a
/// list, any pattern may match.
/// </summary>
/// <param name="ByHost">Domain suffixes of the <c>by</c> host (<c>pphosted.com</c> matches <c>mx0a-1.pphosted.com</c>).</param>
/// <param name="Comment">Patterns for a comment after the <c>by</c> keyword (where stampers name their software).</param>
/// <param name="With">Patterns for the <c>with</c> protocol text.</param>
/// <param name="AnyComment">Patterns for any comment, e.g. qmail's leading <c>(qmail 1 invoked from network)</c>.</param>
/// <param name="FromLayout">How the from clause is laid out: <c>helo-first</c> (sendmail, Postfix: <c>from HELO (rdns [ip])</c>),
/// <c>rdns-first</c> (Exim: <c>from rdns ([ip] helo=x)</c>), <c>address-first</c> (chasquid: <c>from [ip] (HELO)</c>).</param>
public sealed record MtaFamily(
    string Name,
    bool RecordsTls,
    string Evidence,
    string? TlsForm,
    IReadOnlyList<string> ByHost,
    IReadOnlyList<string> Comment,
    IReadOnlyList<string> With,
    IReadOnlyList<string> AnyComment,
    string FromLayout)
{
    public const string HeloFirst = "helo-first";
    public const string RdnsFirst = "rdns-first";
    public const string AddressFirst = "address-first";

    /// <summary>The reason of a hop this family stamped without TLS, when it records TLS every time (built once).</summary>
    internal string PlaintextReason { get; } =
        $"{Name} records TLS whenever it is used{(TlsForm is null ? string.Empty : $" (as \"{TlsForm}\")")}, and this line records none";

    /// <summary>The reason of a hop this family stamped without TLS, when it may not record TLS.</summary>
    internal string UnknownReason { get; } = $"no TLS recorded, but {Name} does not record TLS every time it is used";

    internal MtaPattern[] CommentPatterns { get; } = [.. Comment.Select(p => new MtaPattern(p))];

    internal MtaPattern[] WithPatterns { get; } = [.. With.Select(p => new MtaPattern(p))];

    internal MtaPattern[] AnyCommentPatterns { get; } = [.. AnyComment.Select(p => new MtaPattern(p))];
}
