using TlsRecordingRelay.Milter.Protocol;

namespace TlsRecordingRelay.Milter.Session;

/// <summary>
/// The macro values of one MTA connection, kept per command they came with. Connection-level values (connect,
/// HELO) live until the connection ends; message-level ones are dropped at end of message or abort, as
/// libmilter does. Names are stored without braces: <c>{tls_version}</c> and <c>tls_version</c> are one macro.
/// </summary>
internal sealed class MacroTable
{
    // Newest stage first: a value sent at end of message wins over the same macro sent at HELO.
    private static readonly byte[] LookupOrder =
    [
        MilterCommandCode.EndOfMessage, MilterCommandCode.Body, MilterCommandCode.EndOfHeaders, MilterCommandCode.Header,
        MilterCommandCode.Data, MilterCommandCode.Rcpt, MilterCommandCode.Mail, MilterCommandCode.Unknown,
        MilterCommandCode.Helo, MilterCommandCode.Connect,
    ];

    private static readonly byte[] MessageStages =
    [
        MilterCommandCode.Mail, MilterCommandCode.Rcpt, MilterCommandCode.Data, MilterCommandCode.Header,
        MilterCommandCode.EndOfHeaders, MilterCommandCode.Body, MilterCommandCode.EndOfMessage, MilterCommandCode.Unknown,
    ];

    private readonly Dictionary<byte, Dictionary<string, string>> _stages = [];

    /// <summary>Replaces the values of one stage (a repeated HELO after STARTTLS brings the TLS macros anew).</summary>
    public void Define(MacroCommand command)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in command.Macros)
        {
            values[Normalize(name)] = value;
        }

        _stages[command.ForCommand] = values;
    }

    /// <summary>The newest value of a macro (with or without braces), or null when the MTA never sent it.</summary>
    public string? Get(string name)
    {
        var key = Normalize(name);
        foreach (var stage in LookupOrder)
        {
            if (_stages.TryGetValue(stage, out var values) && values.TryGetValue(key, out var value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>A non-empty value, or null.</summary>
    public string? GetNonEmpty(string name) => Get(name) is { Length: > 0 } value ? value : null;

    public void ClearMessage()
    {
        foreach (var stage in MessageStages)
        {
            _stages.Remove(stage);
        }
    }

    public void ClearAll() => _stages.Clear();

    private static string Normalize(string name) =>
        name.Length > 2 && name[0] == '{' && name[^1] == '}' ? name[1..^1] : name;
}
