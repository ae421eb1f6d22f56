namespace TlsRecordingRelay.Milter.Session;

/// <summary>
/// What one message brought before its final dot: envelope and header fields, each bounded by the options so a
/// peer cannot grow it without limit (fields beyond the bound are not kept).
/// </summary>
/// <param name="trackedHeader">A field name counted even beyond the bound: copies of our own header to delete.</param>
internal sealed class MessageFacts(int maxHeaderBytes, int maxRecipients, string? trackedHeader = null)
{
    private readonly List<KeyValuePair<string, string>> _headers = [];
    private readonly List<string> _recipients = [];
    private int _headerBytes;

    public string? MailFrom { get; set; }

    public IReadOnlyList<string> Recipients => _recipients;

    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>How many fields named <c>trackedHeader</c> the message has, kept or not.</summary>
    public int TrackedHeaderCount { get; private set; }

    /// <summary>True when some header fields were left out because of the size bound.</summary>
    public bool HeadersTruncated { get; private set; }

    public void AddRecipient(string address)
    {
        if (_recipients.Count < maxRecipients)
        {
            _recipients.Add(address);
        }
    }

    public void AddHeader(string name, string value)
    {
        if (trackedHeader is not null && name.Equals(trackedHeader, StringComparison.OrdinalIgnoreCase))
        {
            TrackedHeaderCount++;
        }

        var size = name.Length + value.Length + 4;
        if (_headerBytes + size > maxHeaderBytes)
        {
            HeadersTruncated = true;
            return;
        }

        _headerBytes += size;
        _headers.Add(new(name, value));
    }
}
