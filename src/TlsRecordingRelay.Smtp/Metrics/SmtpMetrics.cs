using System.Diagnostics.Metrics;
using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Core.Metrics;
using TlsRecordingRelay.Core.Tls;
using TlsRecordingRelay.Smtp.Listener;

namespace TlsRecordingRelay.Smtp.Metrics;

/// <summary>
/// The listener's instruments (System.Diagnostics.Metrics, from the host's <see cref="IMeterFactory"/>): sessions,
/// accepted messages by TLS version, refusals by reason, acceptance latency and the hop verdicts of accepted mail.
/// Exporting them is the executable's business; this project only records.
/// </summary>
public sealed class SmtpMetrics
{
    public const string MeterName = "TlsRecordingRelay.Smtp";

    /// <summary>Seconds. Acceptance is one PostgreSQL transaction (milliseconds) plus at most the 3 s reverse-DNS wait.</summary>
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> _sessions;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _hops;
    private readonly Counter<long> _chains;

    public SmtpMetrics(IMeterFactory meterFactory, SessionRegistry sessions)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(sessions);
        var meter = meterFactory.Create(MeterName);
        _sessions = meter.CreateCounter<long>("tlsrelay.smtp.sessions.opened", "{session}", "SMTP connections accepted as sessions");
        meter.CreateObservableUpDownCounter("tlsrelay.smtp.sessions.active", () => sessions.Active, "{session}", "SMTP sessions open now");
        _accepted = meter.CreateCounter<long>("tlsrelay.smtp.messages.accepted", "{message}",
            "Messages answered 250 after commit, by the TLS version of the session (none = plaintext)");
        _rejected = meter.CreateCounter<long>("tlsrelay.smtp.messages.rejected", "{refusal}",
            "Refusals the listener answered, by reason (RCPT refusals count once per recipient)");
        _latency = meter.CreateHistogram("tlsrelay.smtp.acceptance.duration", "s",
            "From the end of DATA to the commit before 250", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _hops = meter.CreateCounter<long>("tlsrelay.smtp.hops", "{hop}", "Hops of accepted messages (our own included), by judgement");
        _chains = meter.CreateCounter<long>("tlsrelay.smtp.chains", "{message}", "Received chains of accepted messages, by verdict");
    }

    public void SessionOpened() => _sessions.Add(1);

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A message committed: counts it with its TLS version, its latency and its chain's judgements.</summary>
    public void Accepted(TlsDetails? tls, ChainAnalysis analysis, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        _accepted.Add(1, new KeyValuePair<string, object?>("tls", MetricLabels.Tls(tls)));
        _latency.Record(elapsed.TotalSeconds);
        foreach (var hop in analysis.Hops)
        {
            _hops.Add(1, new KeyValuePair<string, object?>("security", MetricLabels.Security(hop.Security)));
        }

        _chains.Add(1, new KeyValuePair<string, object?>("verdict", MetricLabels.Security(analysis.Verdict)));
    }
}
