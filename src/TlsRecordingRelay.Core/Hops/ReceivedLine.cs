namespace TlsRecordingRelay.Core.Hops;

/// <summary>One unfolded Received field split into clause-tagged tokens, before any judgement.</summary>
internal sealed class ReceivedLine
{
    private Token[]? _comments;
    private Token[]? _stamperComments;

    public ReceivedLine(string text) => Text = text;

    public string Text { get; }

    /// <summary>Top-level tokens, each tagged with its clause; keywords are flagged.</summary>
    public List<Token> Tokens { get; } = new(32);

    public bool HasFrom { get; set; }

    public bool HasBy { get; set; }

    /// <summary>True when any clause keyword or a date was found: otherwise the field is unparsed.</summary>
    public bool Recognised { get; set; }

    public string? By { get; set; }

    public string? Via { get; set; }

    public string? With { get; set; }

    public string? Id { get; set; }

    public string? For { get; set; }

    public DateTimeOffset? Date { get; set; }

    /// <summary>Index of the first token after the 'by' keyword: where the stamper's own comments begin.</summary>
    public int StamperStart { get; set; } = int.MaxValue;

    /// <summary>Comments before the date, from token <paramref name="from"/> on (the knowledge base reads them once per line).</summary>
    public Token[] Comments(int from)
    {
        if (from == 0)
        {
            return _comments ??= CollectComments(0);
        }

        return from == StamperStart ? _stamperComments ??= CollectComments(from) : CollectComments(from);
    }

    private Token[] CollectComments(int from)
    {
        var count = 0;
        for (var t = from; t < Tokens.Count; t++)
        {
            if (Tokens[t].Kind == TokenKind.Comment && Tokens[t].Clause != Clause.Date)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return [];
        }

        var comments = new Token[count];
        count = 0;
        for (var t = from; t < Tokens.Count; t++)
        {
            if (Tokens[t].Kind == TokenKind.Comment && Tokens[t].Clause != Clause.Date)
            {
                comments[count++] = Tokens[t];
            }
        }

        return comments;
    }
}
