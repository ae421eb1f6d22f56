using System.ComponentModel.DataAnnotations;
using System.Net;
using TlsRecordingRelay.Delivery.Routing;

namespace TlsRecordingRelay.Delivery;

/// <summary>The <c>Delivery</c> section: workers, routes, DNS, retry schedule and SMTP client limits.</summary>
public sealed class DeliveryOptions : IValidatableObject
{
    public const string SectionName = "Delivery";

    /// <summary>Concurrent delivery loops in this process; each holds at most one SMTP connection. A connection waits
    /// for the next hop's own durable 250 per message, so throughput comes from parallel connections (Postfix allows
    /// 20 per destination); 8 measured 1.3x the end-to-end rate of 4 into a Postfix TLS sink (bench/README.md).</summary>
    [Range(0, 256)]
    public int Workers { get; set; } = 8;

    /// <summary>Recipients one loop leases per claim (grouped by route, one connection per group).</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 20;

    /// <summary>Recipient domain (<c>.domain</c> for subdomains, <c>*</c> for all) → <c>host:port</c>; skips MX lookup.</summary>
    public Dictionary<string, string> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>DNS server <c>ip</c> or <c>ip:port</c> for MX/A/AAAA lookups; empty = the system's resolvers.</summary>
    public string? DnsServer { get; set; }

    /// <summary>Port for MX hosts (25 in production; tests point it at a loopback sink).</summary>
    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 25;

    /// <summary>Our EHLO name; empty = <c>Smtp:Hostname</c>, else the machine's host name.</summary>
    public string? HeloName { get; set; }

    /// <summary>Extra trust anchors (PEM) for <c>verify</c>, beside the system roots: private CAs, tests.</summary>
    public string? CaFile { get; set; }

    /// <summary>First retry delay; doubles per attempt up to <see cref="MaximumBackoff"/> (Postfix 5 min / 4000 s).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaximumBackoff { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How long a message may stay undeliverable before it bounces (Postfix maximal_queue_lifetime, 5 days).</summary>
    public TimeSpan MaximumLifetime { get; set; } = TimeSpan.FromDays(5);

    /// <summary>A claim's lease; a crashed worker's recipients return to the queue after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle workers look for due retries (new mail also wakes them via NOTIFY).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>TCP connect timeout per address.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of each SMTP read/write (MailKit <c>Timeout</c>); RFC 5321 §4.5.3.2 suggests minutes.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>On shutdown, how long a batch already being sent may take to finish; then it is cut and released.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>After a claim that emptied the queue, a loop waits this long before claiming again, so mail arriving
    /// steadily goes out in batches (one claim, one settling transaction, one connection) rather than one by one.</summary>
    public TimeSpan BatchGatherTime { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long an idle delivery connection is kept for the next batch to the same hop (Postfix's
    /// <c>smtp_connection_cache_time_limit</c>, 2 s); zero closes each connection after its batch.</summary>
    public TimeSpan ConnectionCacheTime { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (domain, target) in Routes)
        {
            if (!RouteEndpoint.TryParse(target, out _))
            {
                yield return new ValidationResult($"Delivery:Routes:{domain} '{target}' is not host:port.", [nameof(Routes)]);
            }
        }

        if (!string.IsNullOrWhiteSpace(DnsServer) && !IPEndPoint.TryParse(DnsServer, out _))
        {
            yield return new ValidationResult($"Delivery:DnsServer '{DnsServer}' is not an IP address or ip:port.", [nameof(DnsServer)]);
        }

        if (!string.IsNullOrWhiteSpace(CaFile) && !File.Exists(CaFile))
        {
            yield return new ValidationResult($"Delivery:CaFile '{CaFile}' does not exist.", [nameof(CaFile)]);
        }

        if (InitialBackoff <= TimeSpan.Zero || MaximumBackoff < InitialBackoff)
        {
            yield return new ValidationResult("Delivery:InitialBackoff must be positive and not above MaximumBackoff.", [nameof(InitialBackoff)]);
        }

        if (MaximumLifetime <= TimeSpan.Zero || Lease <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero
            || ConnectTimeout <= TimeSpan.Zero || CommandTimeout <= TimeSpan.Zero || DrainTimeout < TimeSpan.Zero
            || ConnectionCacheTime < TimeSpan.Zero || BatchGatherTime < TimeSpan.Zero)
        {
            yield return new ValidationResult("Delivery durations (MaximumLifetime, Lease, PollInterval, ConnectTimeout, CommandTimeout) must be positive.", [nameof(Lease)]);
        }

        if (Lease <= CommandTimeout + ConnectTimeout)
        {
            // A lease shorter than one slow SMTP exchange lets the reaper hand a recipient to a second worker
            // while the first is still sending: a duplicate delivery.
            yield return new ValidationResult("Delivery:Lease must exceed ConnectTimeout + CommandTimeout.", [nameof(Lease)]);
        }
    }
}
