using System.Diagnostics.Metrics;
using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Core.Metrics;

namespace TlsRecordingRelay.Milter.Metrics;

/// <summary>Milter instruments: messages seen at their final dot by verdict and answer, and the judgements of their hops.</summary>
public sealed class MilterMetrics
{
    public const string MeterName = "TlsRecordingRelay.Milter";

    private readonly Counter<long> _messages;
    private readonly Counter<long> _hops;

    public MilterMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _messages = meter.CreateCounter<long>("tlsrelay.milter.messages", "{message}",
            "Messages the MTA showed us, by chain verdict and our answer (accept, tempfail, reject)");
        _hops = meter.CreateCounter<long>("tlsrelay.milter.hops", "{hop}", "Hops of those messages (the MTA's own included), by judgement");
    }

    public void Seen(ChainAnalysis analysis, string action)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        _messages.Add(1, new KeyValuePair<string, object?>("verdict", MetricLabels.Security(analysis.Verdict)), new KeyValuePair<string, object?>("action", action));
        foreach (var hop in analysis.Hops)
        {
            _hops.Add(1, new KeyValuePair<string, object?>("security", MetricLabels.Security(hop.Security)));
        }
    }
}
