namespace TlsRecordingRelay.LoadTest;

/// <summary>What one load run does: the client side, the relay it drives and the sink it counts at.</summary>
internal sealed record LoadOptions
{
    /// <summary>Concurrent SMTP sessions.</summary>
    public int Sessions { get; init; } = 20;

    /// <summary>Messages sent in the measured part of the run.</summary>
    public int Messages { get; init; } = 2000;

    /// <summary>Approximate message size in bytes (headers included).</summary>
    public int Size { get; init; } = 4096;

    /// <summary>Messages per connection (1 = a TCP connection and, with STARTTLS, a handshake per message).</summary>
    public int PerConnection { get; init; } = 1;

    /// <summary>STARTTLS on every connection (required) or plain SMTP.</summary>
    public bool StartTls { get; init; } = true;

    /// <summary>Messages sent (and awaited at the sink) before measuring, so the relay's JIT has tiered up and its pools are warm.</summary>
    public int Warmup { get; init; } = 2000;

    /// <summary>Bound of the measured part (sending and draining to the sink).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The relay's SMTP port (started by us, or already listening when <see cref="Attach"/>).</summary>
    public int RelayPort { get; init; } = 10040;

    /// <summary>Drive a relay that is already running instead of starting tlsrelay.</summary>
    public bool Attach { get; init; }

    /// <summary>The attached relay's process id, for its RSS and CPU (optional).</summary>
    public int? RelayPid { get; init; }

    /// <summary>The tlsrelay executable; null = the one built beside this tool (same configuration).</summary>
    public string? RelayExecutable { get; init; }

    /// <summary>ConnectionStrings:Reports for the started relay; null = its embedded cluster in a fresh directory.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>PEM certificate and key for the started relay; null = the relay generates one.</summary>
    public string? CertificatePath { get; init; }

    public string? CertificateKeyPath { get; init; }

    /// <summary>Extra configuration for the started relay (<c>Key=Value</c>, as on its command line).</summary>
    public IReadOnlyList<string> RelaySettings { get; init; } = [];

    /// <summary>Where the relay delivers: our counting sink listens here unless <see cref="SinkCountDirectory"/> is set.</summary>
    public int SinkPort { get; init; } = 10045;

    /// <summary>Our counting sink offers STARTTLS (so the relay's outbound leg is encrypted).</summary>
    public bool SinkStartTls { get; init; }

    /// <summary>Count at an external sink instead (smtp-sink dump or Maildir new/): one file per delivered message.</summary>
    public string? SinkCountDirectory { get; init; }
}
