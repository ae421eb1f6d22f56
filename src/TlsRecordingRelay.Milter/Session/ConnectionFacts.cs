namespace TlsRecordingRelay.Milter.Session;

/// <summary>The SMTP client of the MTA's session, from SMFIC_CONNECT and SMFIC_HELO.</summary>
internal sealed class ConnectionFacts
{
    public string? Hostname { get; set; }

    public string? Address { get; set; }

    public int? Port { get; set; }

    public string? Helo { get; set; }
}
