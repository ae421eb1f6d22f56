namespace TlsRecordingRelay.Core.Hops;

/// <summary>
/// Parses a message's Received chain into hops, judges each hop's transport security and the chain's verdict
/// (DESIGN.md "Hop analysis"). Pure and thread-safe: one instance serves every message.
/// </summary>
public sealed class HopAnalyzer
{
    private static readonly Lazy<HopAnalyzer> DefaultInstance = new(() => new HopAnalyzer(new HopAnalyzerSettings()));

    private readonly MtaKnowledgeBase _knowledge;
    private readonly HopJudge _judge;

    /// <exception cref="ArgumentException">A trusted network is neither CIDR nor an address.</exception>
    public HopAnalyzer(HopAnalyzerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _knowledge = settings.KnowledgeBase ?? MtaKnowledgeBase.Embedded;
        _judge = new HopJudge(new TrustedPeers(settings), settings.PublicSuffixList ?? PublicSuffixList.Embedded);
    }

    /// <summary>The embedded knowledge base and Public Suffix List; nothing trusted.</summary>
    public static HopAnalyzer Default => DefaultInstance.Value;

    /// <summary>
    /// Analyzes the Received fields of a header block or a whole message (reading stops at the first empty line).
    /// The <paramref name="observedHops"/> topmost fields are ours (observed), the rest upstream claims.
    /// </summary>
    public ChainAnalysis Analyze(string headerBlock, int observedHops = 0) =>
        AnalyzeFields(ReceivedFieldReader.Read(headerBlock ?? string.Empty), observedHops);

    /// <summary>Analyzes Received field bodies (unfolded or not, without the "Received:" name), newest first.</summary>
    public ChainAnalysis AnalyzeFields(IReadOnlyList<string> receivedFieldsNewestFirst, int observedHops = 0)
    {
        ArgumentNullException.ThrowIfNull(receivedFieldsNewestFirst);
        var count = receivedFieldsNewestFirst.Count;
        if (count == 0)
        {
            return ChainAnalysis.Empty;
        }

        var lines = new ReceivedLine[count];
        for (var i = 0; i < count; i++)
        {
            lines[i] = SafeParse(receivedFieldsNewestFirst[i] ?? string.Empty);
        }

        var hops = new Hop[count];
        var scratch = new List<Token>(16); // One buffer for looking inside comments, reused hop after hop.
        for (var i = 0; i < count; i++)
        {
            var older = i + 1 < count ? lines[i + 1] : null;
            var delay = lines[i].Date is { } date && older?.Date is { } olderDate ? (date - olderDate).TotalSeconds : (double?)null;
            hops[i] = SafeBuildHop(i, lines[i], older?.By, i < observedHops, delay, scratch);
        }

        return ChainVerdict.Decide(hops);
    }

    /// <summary>Prefix of the reason given when the analyzer itself failed; the fuzz tests assert it never appears.</summary>
    internal const string AnalyzerErrorReason = "analyzer error";

    // Totality (DESIGN.md: "garbage in → a hop marked unparsed, never an exception"): the parser is written to
    // throw nothing, and this net turns any bug that slipped through into an unparsed hop instead of failing the
    // acceptance of a message. Fuzz tests keep the net unused.
#pragma warning disable CA1031 // Catching everything is the point here; OutOfMemory is still let through.
    private static ReceivedLine SafeParse(string field)
    {
        try
        {
            return ReceivedLineParser.Parse(field);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new ReceivedLine(field);
        }
    }

    private Hop SafeBuildHop(int index, ReceivedLine line, string? previousBy, bool observed, double? delay, List<Token> scratch)
    {
        try
        {
            return BuildHop(index, line, previousBy, observed, delay, scratch);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new Hop(index, HopEndpoint.None, null, null, null, null, null, null, null, null, HopSecurity.Unknown,
                $"{AnalyzerErrorReason} ({e.GetType().Name}): this field could not be analyzed", null, observed, Parsed: false)
            {
                Raw = line.Text.Trim(),
            };
        }
    }
#pragma warning restore CA1031

    private Hop BuildHop(int index, ReceivedLine line, string? previousBy, bool observed, double? delay, List<Token> scratch)
    {
        var family = _knowledge.Identify(line);
        var from = ReadFrom(line, family, scratch);
        var tls = TlsEvidenceReader.Read(line, scratch);
        var judgement = _judge.Judge(new HopFacts(line, from, tls, family, previousBy, observed));
        return new Hop(
            index,
            from,
            line.By,
            line.Via,
            line.With,
            line.Id,
            line.For,
            line.Date,
            tls?.Details,
            family?.Name,
            judgement.Security,
            judgement.Reason,
            delay,
            observed,
            line.Recognised)
        {
            Raw = line.Text,
        };
    }

    private static HopEndpoint ReadFrom(ReceivedLine line, MtaFamily? family, List<Token> scratch)
    {
        var clause = FromClauseReader.Read(line, scratch);
        if (ReferenceEquals(clause, FromClause.Empty))
        {
            return HopEndpoint.None;
        }

        string? helo;
        string? rdns;
        if (clause.CommentHelo is not null)
        {
            // "from rdns (HELO x)", "from rdns ([ip] helo=x)": the HELO is named, so the first word is the host name.
            helo = clause.CommentHelo;
            rdns = clause.WordIsLiteral || IsAddress(clause.Word) ? clause.CommentHost : clause.Word;
        }
        else if (family?.FromLayout == MtaFamily.AddressFirst && clause.WordIsLiteral)
        {
            // chasquid: "from [ip] (helo)": the comment holds the EHLO name, not a looked-up name.
            helo = clause.CommentHost;
            rdns = null;
        }
        else if (family?.FromLayout == MtaFamily.RdnsFirst && !clause.WordIsLiteral)
        {
            // Exim omits helo= when the HELO matched the verified name: the first word is both.
            helo = clause.Word;
            rdns = clause.Word;
        }
        else
        {
            // sendmail, Postfix, Exchange: "from HELO (rdns [ip])".
            helo = clause.WordIsLiteral && clause.Word is not null ? "[" + clause.Word + "]" : clause.Word;
            rdns = clause.CommentHost;
        }

        return new HopEndpoint(helo, Unknown(rdns), clause.Ip);
    }

    private static bool IsAddress(string? word) => word is not null && IpLiteral.TryParse(word, out _);

    private static string? Unknown(string? name) =>
        name is null || name.Equals("unknown", StringComparison.OrdinalIgnoreCase) ? null : ReceivedLineParser.TrimDot(name);
}
