using System.Net;

namespace TlsRecordingRelay.TestSupport.Load;

/// <summary>What a <see cref="LoadDriver"/> run sends: how many connections, how many messages each, and how.</summary>
public sealed class LoadOptions
{
    /// <summary>Where to connect, asked at every (re)connect; null = the server is down right now, wait.</summary>
    public required Func<IPEndPoint?> Target { get; init; }

    public int Connections { get; init; } = 4;

    public int MessagesPerConnection { get; init; } = 100;

    /// <summary>EHLO, STARTTLS, EHLO before the first message of every connection.</summary>
    public bool StartTls { get; init; }

    /// <summary>RFC 2920: MAIL, RCPT and DATA go out in one write (the body only after 354).</summary>
    public bool Pipelining { get; init; } = true;

    /// <summary>Approximate body size; the body is 76-character lines of filler after the token.</summary>
    public int BodyBytes { get; init; } = 1024;

    public string MailFrom { get; init; } = "load@client.test";

    public string Recipient { get; init; } = "sink@faults.test";

    /// <summary>Prefix of every token (Message-ID and <c>X-Load-Token</c>); unique per run so runs never mix.</summary>
    public string RunId { get; init; } = Guid.NewGuid().ToString("N")[..8];

    /// <summary>How long each reply may take before the message counts as unanswered and the connection is dropped.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After a lost connection (or a refused one), keep trying to connect for this long, then give up on the
    /// connection's remaining messages (not sent). Zero = a lost connection ends that connection's share.
    /// </summary>
    public TimeSpan ReconnectFor { get; init; }
}
