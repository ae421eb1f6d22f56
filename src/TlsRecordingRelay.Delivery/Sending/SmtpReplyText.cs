using System.Text.RegularExpressions;

namespace TlsRecordingRelay.Delivery.Sending;

/// <summary>Reads the RFC 3463 enhanced status and the remote queue id out of SMTP reply text.</summary>
internal static partial class SmtpReplyText
{
    /// <summary>RFC 2034 §3: the enhanced code leads the text of each reply line: <c>2.0.0 Ok</c>.</summary>
    public static string? EnhancedStatus(string? text)
    {
        var match = text is null ? null : EnhancedPattern().Match(text);
        return match is { Success: true } ? match.Groups[1].Value : null;
    }

    /// <summary>Postfix <c>queued as X</c>, Exim/Sendmail <c>id=X</c>, Exchange/Gmail style <c>&lt;id&gt; Queued mail</c> are not parsed.</summary>
    public static string? RemoteQueueId(string? text)
    {
        var match = text is null ? null : QueueIdPattern().Match(text);
        return match is { Success: true } ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"^\s*([245]\.\d{1,3}\.\d{1,3})(?:\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex EnhancedPattern();

    [GeneratedRegex(@"(?:queued as|\bid=)\s*([A-Za-z0-9._\-]{3,64})", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex QueueIdPattern();
}
