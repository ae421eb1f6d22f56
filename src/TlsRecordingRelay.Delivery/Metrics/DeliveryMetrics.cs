using System.Diagnostics.Metrics;
using TlsRecordingRelay.Core.Delivery;
using TlsRecordingRelay.Core.Metrics;

namespace TlsRecordingRelay.Delivery.Metrics;

/// <summary>Outbound instruments: settled recipients by status, and delivered ones by the TLS version they travelled in.</summary>
internal sealed class DeliveryMetrics
{
    private readonly Counter<long> _recipients;
    private readonly Counter<long> _tls;

    public DeliveryMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(QueueGauges.MeterName);
        _recipients = meter.CreateCounter<long>("tlsrelay.delivery.recipients", "{recipient}",
            "Delivery attempts settled, by the recipient's new status (delivered, deferred, bounced)");
        _tls = meter.CreateCounter<long>("tlsrelay.delivery.tls", "{recipient}",
            "Recipients delivered, by the TLS version of the session (none = plaintext)");
    }

    /// <summary>Counts the outcome of one worker batch once it is recorded.</summary>
    public void Settled(IEnumerable<RecipientUpdate> updates)
    {
        foreach (var update in updates)
        {
            _recipients.Add(1, new KeyValuePair<string, object?>("status", update.Status));
            if (update.Status == RecipientStatus.Delivered)
            {
                _tls.Add(1, new KeyValuePair<string, object?>("tls", MetricLabels.Tls(update.Attempt.Tls)));
            }
        }
    }
}
