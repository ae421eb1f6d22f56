namespace TlsRecordingRelay.Faults.Tests;

/// <summary>Counts arrivals at a sink by load token, reading only the messages it has not seen yet.</summary>
internal sealed class SinkTally(LoopbackSmtpSink sink)
{
    private readonly Dictionary<string, int> _arrivals = new(StringComparer.Ordinal);
    private int _read;

    private int _duplicates;

    /// <summary>Surplus arrivals: for each token, arrivals − 1.</summary>
    public int Duplicates
    {
        get
        {
            Update();
            return _duplicates;
        }
    }

    public int Distinct
    {
        get
        {
            Update();
            return _arrivals.Count;
        }
    }

    public int Arrivals(string token)
    {
        Update();
        return _arrivals.GetValueOrDefault(token);
    }

    /// <summary>The tokens of <paramref name="expected"/> that have not arrived yet.</summary>
    public IReadOnlyList<string> Missing(IEnumerable<string> expected)
    {
        Update();
        return [.. expected.Where(t => !_arrivals.ContainsKey(t))];
    }

    public void Update()
    {
        var messages = sink.Messages;
        for (; _read < messages.Count; _read++)
        {
            var token = LoadDriver.TokenIn(messages[_read].Data) ?? "(no token)";
            var count = _arrivals.GetValueOrDefault(token) + 1;
            _arrivals[token] = count;
            if (count > 1)
            {
                _duplicates++;
            }
        }
    }
}
