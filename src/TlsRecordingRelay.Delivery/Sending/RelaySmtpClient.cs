using MailKit.Net.Smtp;
using MimeKit;

namespace TlsRecordingRelay.Delivery.Sending;

/// <summary>
/// MailKit's SmtpClient made fit for relaying: never rewrites the message, and collects each RCPT reply
/// instead of aborting the transaction at the first refused recipient (so partial delivery works).
/// </summary>
internal sealed class RelaySmtpClient : SmtpClient
{
    /// <summary>RCPT replies of the current transaction, by the very MailboxAddress instances passed to Send.</summary>
    public Dictionary<MailboxAddress, SmtpResponse> RecipientReplies { get; } = new(ReferenceEqualityComparer.Instance);

    // The default Prepare re-encodes 8-bit and long-line mail (adds MIME-Version/CTE, QP, base64),
    // which breaks DKIM signatures and changes what the sender wrote. A relay forwards bytes as received.
    protected override void Prepare(FormatOptions options, MimeMessage message, EncodingConstraint constraint, int maxLineLength)
    {
    }

    protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        RecipientReplies[mailbox] = response;

    // The base class throws here, failing every recipient for one refusal. Record it and go on.
    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        RecipientReplies[mailbox] = response;
}
