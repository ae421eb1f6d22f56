using System.Net.Sockets;
using System.Runtime.CompilerServices;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using Microsoft.Extensions.Logging;
using TlsRecordingRelay.Core.Delivery;
using TlsRecordingRelay.Delivery.Routing;

namespace TlsRecordingRelay.Delivery.Sending;

/// <summary>
/// Delivers the messages of one route group over one SMTP connection: tries the hops in order until one
/// session opens under the policy, sends each message's stored bytes, and turns every reply (or the
/// reason there was none) into one recorded attempt per recipient.
/// </summary>
internal sealed class SmtpSender(SessionOpener opener, ConnectionCache cache, TimeProvider time, ILogger<SmtpSender> logger)
{
    /// <summary>
    /// Yields each message's attempts as soon as its outcome is known, so the caller can record it before the
    /// next message goes out: a crash between the next hop's 250 and that record is what delivers a message
    /// twice, and the window must be one message wide, not one batch.
    /// </summary>
    public async IAsyncEnumerable<(GroupItem Item, IReadOnlyList<DeliveryAttempt> Attempts)> DeliverAsync(
        RoutePlan plan, TlsPolicy policy, IReadOnlyList<GroupItem> items, string heloName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (plan.Failure is not null)
        {
            foreach (var item in items)
            {
                yield return (item, FailAll([item], plan, policy, new SessionFacts(), plan.Failure, error: plan.Failure.Detail));
            }

            yield break;
        }

        OpenedSession? opened = null;
        OpenedSession? refusal = null;
        NextHop? used = null;
        foreach (var hop in plan.Hops)
        {
            used = hop;
            opened = await cache.TakeAsync(hop, policy, cancellationToken) ?? await opener.OpenAsync(hop, policy, heloName, cancellationToken);
            if (opened.Client is not null)
            {
                break;
            }

            Log.HopFailed(logger, hop.ToString(), opened.Failure?.Detail ?? string.Empty);
            // A TLS refusal explains more than a later unreachable host; keep it as the reason.
            if (opened.TlsRefusal)
            {
                refusal = opened;
            }
        }

        if (opened?.Client is null)
        {
            var last = refusal ?? opened;
            var outcome = last?.Failure ?? DeliveryOutcome.Temporary("4.4.4", "no next hop");
            foreach (var item in items)
            {
                yield return (item, FailAll([item], plan, policy, last?.Facts ?? new SessionFacts(), outcome, error: outcome.Detail));
            }

            yield break;
        }

        var client = opened.Client;
        var kept = false;
        try
        {
            DeliveryOutcome? broken = null;
            foreach (var item in items)
            {
                IReadOnlyList<DeliveryAttempt> attempts;
                if (broken is not null)
                {
                    attempts = FailAll([item], plan, policy, opened.Facts, broken, broken.Detail);
                }
                else
                {
                    try
                    {
                        attempts = await SendOneAsync(client, item, plan, policy, opened.Facts, cancellationToken);
                    }
                    catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException or TimeoutException
                                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                    {
                        // The connection is gone (SmtpProtocolException means reconnect): whatever this message
                        // and the rest of the group had not finished is retried later.
                        broken = DeliveryOutcome.Temporary("4.4.2", $"connection to {opened.Facts.Host}[{opened.Facts.Ip}] lost: {e.Message}");
                        attempts = FailAll([item], plan, policy, opened.Facts, broken, broken.Detail);
                    }
                }

                // Each message's outcome goes out as soon as its reply is in, so the caller records it before
                // the next one is sent (a crash mid-batch redelivers at most one message).
                yield return (item, attempts);
            }

            if (client.IsConnected && broken is null)
            {
                // Healthy: kept for the next batch to this hop (or QUIT at once, when caching is off).
                kept = true;
                await cache.ReturnAsync(used!, policy, opened, cancellationToken);
            }
        }
        finally
        {
            if (!kept)
            {
                client.Dispose();
            }
        }
    }

    private async Task<IReadOnlyList<DeliveryAttempt>> SendOneAsync(RelaySmtpClient client, GroupItem item, RoutePlan plan, TlsPolicy policy, SessionFacts facts, CancellationToken cancellationToken)
    {
        MimeMessage mime;
        try
        {
            mime = StoredMessage.Load(item.Message, cancellationToken);
        }
        catch (FormatException e)
        {
            // Retrying cannot make stored bytes parse; bounce instead of failing the batch forever.
            var unparsable = DeliveryOutcome.Failure("5.6.0", $"stored message cannot be parsed for relay: {e.Message}");
            return FailAll([item], plan, policy, facts, unparsable, unparsable.Detail);
        }

        var mailboxes = item.Recipients.Select(r => (Mailbox: new MailboxAddress(string.Empty, r.Address), Recipient: r)).ToList();
        // MailboxAddress("", "") writes MAIL FROM:<> (the null reverse-path of a DSN).
        var sender = new MailboxAddress(string.Empty, item.Message.MailFrom);
        client.RecipientReplies.Clear();

        DeliveryOutcome dataOutcome;
        string? remoteQueueId = null;
        try
        {
            var reply = await client.SendAsync(FormatOptions.Default, mime, sender, mailboxes.Select(m => m.Mailbox), cancellationToken);
            dataOutcome = DeliveryOutcome.Success(250, SmtpReplyText.EnhancedStatus(reply) ?? "2.0.0", reply);
            remoteQueueId = SmtpReplyText.RemoteQueueId(reply);
        }
        catch (SmtpCommandException e)
        {
            // SmtpCommandException: this transaction failed but the connection is still usable (MailKit
            // sent RSET). MAIL FROM refused, DATA refused, or every RCPT refused (then the RCPT replies rule).
            dataOutcome = DeliveryOutcome.FromReply((int)e.StatusCode, SmtpReplyText.EnhancedStatus(e.Message), e.Message);
        }

        var attempts = new List<DeliveryAttempt>(item.Recipients.Count);
        foreach (var (mailbox, recipient) in mailboxes)
        {
            var outcome = client.RecipientReplies.TryGetValue(mailbox, out var rcptReply) && (int)rcptReply.StatusCode >= 300
                ? DeliveryOutcome.FromReply((int)rcptReply.StatusCode, SmtpReplyText.EnhancedStatus(rcptReply.Response), rcptReply.Response)
                : dataOutcome;
            attempts.Add(Attempt(recipient.Id, plan, policy, facts, outcome, outcome.Delivered ? remoteQueueId : null, error: null));
            Log.RecipientResult(logger, item.Message.QueueId, recipient.Address, facts.Host ?? string.Empty, outcome.ReplyCode ?? 0, outcome.EnhancedStatus, facts.Tls?.Version ?? "none");
        }

        return attempts;
    }

    private List<DeliveryAttempt> FailAll(IEnumerable<GroupItem> items, RoutePlan plan, TlsPolicy policy, SessionFacts facts, DeliveryOutcome outcome, string? error) =>
        [.. items.SelectMany(i => i.Recipients).Select(r => Attempt(r.Id, plan, policy, facts, outcome, null, outcome.ReplyCode is null ? error : null))];

    private DeliveryAttempt Attempt(long recipientId, RoutePlan plan, TlsPolicy policy, SessionFacts facts, DeliveryOutcome outcome, string? remoteQueueId, string? error) => new()
    {
        RecipientId = recipientId,
        AttemptedAtUtc = time.GetUtcNow().UtcDateTime,
        Route = plan.Route,
        Host = facts.Host,
        Ip = facts.Ip,
        Port = facts.Port,
        Policy = policy,
        StartTlsOffered = facts.StartTlsOffered,
        Tls = facts.Tls,
        CertificateVerified = facts.Certificate?.Verified,
        CertificateError = facts.Certificate?.Error,
        TlsError = facts.TlsError,
        Outcome = outcome,
        RemoteQueueId = remoteQueueId,
        Error = error,
    };
}
