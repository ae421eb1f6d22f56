namespace TlsRecordingRelay.Core.Hops;

/// <summary>One unfolded Received field split into clause-tagged tokens, before any judgement.</summary>
internal sealed class ReceivedLine
{
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

    public IEnumerable<Token> InClause(Clause clause)
    {
        foreach (var token in Tokens)
        {
            if (token.Clause == clause && !token.Keyword)
            {
                yield return token;
            }
        }
    }
}
