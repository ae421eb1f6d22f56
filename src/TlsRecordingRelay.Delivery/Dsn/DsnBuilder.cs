using System.Globalization;
using System.Text;
using MimeKit;
using MimeKit.Utils;
using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.Core.Delivery;

namespace TlsRecordingRelay.Delivery.Dsn;

/// <summary>
/// Builds the RFC 3464 failure report (multipart/report; report-type=delivery-status) sent back to the
/// envelope sender for bounced recipients, listing the TLS facts of each recipient's last attempt.
/// </summary>
public sealed class DsnBuilder(string reportingMta)
{
    /// <summary>Returns null for the null reverse-path: RFC 3464 §2 / RFC 5321 §4.5.5, a DSN is never answered with a DSN.</summary>
    public OutgoingMessage? Build(ClaimedMessage original, IReadOnlyList<BouncedRecipient> bounced, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(bounced);
        if (original.MailFrom.Length == 0 || bounced.Count == 0)
        {
            return null;
        }

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mail Delivery System", $"MAILER-DAEMON@{reportingMta}"));
        message.To.Add(new MailboxAddress(string.Empty, original.MailFrom));
        message.Subject = "Undelivered Mail Returned to Sender";
        message.Date = new DateTimeOffset(nowUtc, TimeSpan.Zero);
        message.MessageId = MimeUtils.GenerateMessageId(reportingMta);
        // RFC 3834 §5: marks it automatic so vacation responders and other robots stay quiet.
        message.Headers.Add("Auto-Submitted", "auto-replied");

        var report = new MultipartReport("delivery-status");
        report.Add(new TextPart("plain") { Text = HumanText(original, bounced) });
        report.Add(StatusPart(original, bounced));
        report.Add(new MimePart("text", "rfc822-headers") { Content = new MimeContent(new MemoryStream(HeaderBlock(original))) });
        message.Body = report;

        using var stream = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(format, stream);
        return new OutgoingMessage
        {
            QueueId = QueueId.New(nowUtc),
            MessageId = message.MessageId,
            MailFrom = string.Empty,
            Recipients = [original.MailFrom],
            CreatedAtUtc = nowUtc,
            Content = stream.ToArray(),
        };
    }

    private MessageDeliveryStatus StatusPart(ClaimedMessage original, IReadOnlyList<BouncedRecipient> bounced)
    {
        var status = new MessageDeliveryStatus();
        // RFC 3464 §2.2: per-message fields first.
        var perMessage = new HeaderList
        {
            { "Reporting-MTA", "dns; " + reportingMta },
            { "X-Queue-ID", original.QueueId },
            { "Arrival-Date", DateUtils.FormatDate(new DateTimeOffset(original.ReceivedAtUtc, TimeSpan.Zero)) },
        };
        status.StatusGroups.Add(perMessage);

        foreach (var recipient in bounced)
        {
            var attempt = recipient.LastAttempt;
            // RFC 3464 §2.3: one group per recipient; X- fields (§2.3.9 extension fields) carry the TLS facts.
            var group = new HeaderList
            {
                { "Final-Recipient", "rfc822; " + recipient.Address },
                { "Action", "failed" },
                { "Status", attempt.Outcome.EnhancedStatus },
            };
            if (attempt.Host is not null)
            {
                group.Add("Remote-MTA", "dns; " + attempt.Host);
            }

            if (attempt.Outcome.ReplyCode is { } code)
            {
                group.Add("Diagnostic-Code", $"smtp; {code.ToString(CultureInfo.InvariantCulture)} {OneLine(attempt.Outcome.Detail)}");
            }
            else
            {
                group.Add("Diagnostic-Code", "X-TlsRecordingRelay; " + OneLine(attempt.Outcome.Detail));
            }

            group.Add("Last-Attempt-Date", DateUtils.FormatDate(new DateTimeOffset(attempt.AttemptedAtUtc, TimeSpan.Zero)));
            group.Add("X-TLS-Policy", TlsPolicyNames.Name(attempt.Policy));
            group.Add("X-TLS", TlsSummary(attempt));
            status.StatusGroups.Add(group);
        }

        return status;
    }

    private string HumanText(ClaimedMessage original, IReadOnlyList<BouncedRecipient> bounced)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"This is the mail system at host {reportingMta}.\r\n\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Your message (queue id {original.QueueId}) could not be delivered to the recipients below.\r\n\r\n");
        foreach (var recipient in bounced)
        {
            var attempt = recipient.LastAttempt;
            text.Append(CultureInfo.InvariantCulture, $"<{recipient.Address}>: {OneLine(attempt.Outcome.Detail)}\r\n");
            text.Append(CultureInfo.InvariantCulture, $"    status {attempt.Outcome.EnhancedStatus}, host {attempt.Host ?? "(none reached)"} {attempt.Ip}\r\n");
            text.Append(CultureInfo.InvariantCulture, $"    TLS policy {TlsPolicyNames.Name(attempt.Policy)}; {TlsSummary(attempt)}\r\n\r\n");
        }

        return text.ToString();
    }

    private static string TlsSummary(DeliveryAttempt attempt)
    {
        var offered = attempt.StartTlsOffered switch { true => "STARTTLS offered", false => "STARTTLS not offered", null => "STARTTLS unknown" };
        var tls = attempt.Tls is { } t
            ? $"{t.Version ?? t.VersionRaw} {t.Cipher} {t.Bits?.ToString(CultureInfo.InvariantCulture) ?? "?"} bits"
            : "plaintext";
        var verified = attempt.CertificateVerified switch
        {
            true => "certificate verified",
            false => $"certificate not verified ({attempt.CertificateError})",
            null => "no certificate",
        };
        var failure = attempt.TlsError is null ? string.Empty : "; " + attempt.TlsError;
        return OneLine($"{offered}; {tls}; {verified}{failure}");
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>The original header block (up to the empty line), for text/rfc822-headers (RFC 3462 §2).</summary>
    private static byte[] HeaderBlock(ClaimedMessage original)
    {
        var content = original.Content.Span;
        var end = content.IndexOf("\r\n\r\n"u8);
        var headerLength = end < 0 ? content.Length : end + 2;
        var received = Encoding.UTF8.GetBytes(original.ReceivedHeader);
        var bytes = new byte[received.Length + headerLength];
        received.CopyTo(bytes, 0);
        content[..headerLength].CopyTo(bytes.AsSpan(received.Length));
        return bytes;
    }
}
