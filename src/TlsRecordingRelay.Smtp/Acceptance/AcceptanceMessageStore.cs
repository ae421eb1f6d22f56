using System.Buffers;
using System.Net;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using TlsRecordingRelay.Core.Acceptance;
using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Core.Received;
using TlsRecordingRelay.Smtp.Metrics;
using TlsRecordingRelay.Smtp.Session;

namespace TlsRecordingRelay.Smtp.Acceptance;

/// <summary>
/// End of DATA: checks the bytes, stamps our Received line, and makes message, envelope, recipients and
/// report durable in one transaction before answering 250. Never throws: a thrown exception would leave
/// the library's transaction dirty or the client without a reply (LIBRARY-NOTES §1.5).
/// </summary>
internal sealed class AcceptanceMessageStore(
    SmtpOptions options,
    IMessageRepository repository,
    HopAnalyzer analyzer,
    TimeProvider time,
    SmtpMetrics metrics,
    ILogger<AcceptanceMessageStore> logger) : IMessageStore
{
    // Postfix's hopcount_limit: a message that has passed this many servers is looping.
    private const int MaxHops = 50;

    private static readonly TimeSpan RdnsWait = TimeSpan.FromSeconds(3);

    public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transaction);
        // The library calls us once the final dot is read: the acceptance latency starts here.
        var started = time.GetTimestamp();
        try
        {
            var content = ContentOf(buffer);
            if (content.AsSpan().Contains((byte)0))
            {
                // RFC 5322 §2.1 and RFC 6152 §3 (8BITMIME) forbid NUL in a message, and we do not offer BINARYMIME.
                // A next hop that strips NUL would read CRLF NUL "." CRLF as the end of data (SMTP smuggling),
                // so NUL is refused under either line-ending policy: there is nothing to normalise it to.
                Log.Rejected(logger, context.SessionId, "550 5.6.0", "NUL byte in DATA");
                metrics.Rejected(RejectionReason.NulByte);
                return new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.6.0 Error: NUL character in message data");
            }

            if (LineEndings.HasBare(content))
            {
                if (options.BareLineEndings == BareLineEndingPolicy.Reject)
                {
                    Log.Rejected(logger, context.SessionId, "550 5.5.2", "bare CR or LF in DATA");
                    metrics.Rejected(RejectionReason.BareLineEnding);
                    return new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.5.2 Error: bare <CR> or <LF> received");
                }

                content = LineEndings.Normalize(content);
            }

            if (content.Length > options.MaxMessageBytes)
            {
                metrics.Rejected(RejectionReason.TooBig);
                return new SmtpResponse(SmtpReplyCode.SizeLimitExceeded, "5.3.4 Message size exceeds fixed limit");
            }

            var fields = HeaderBlock.Fields(content);
            var upstream = HeaderBlock.Received(fields);
            if (upstream.Count >= MaxHops)
            {
                Log.Rejected(logger, context.SessionId, "554 5.4.6", "too many Received fields (mail loop)");
                metrics.Rejected(RejectionReason.Loop);
                return new SmtpResponse(SmtpReplyCode.TransactionFailed, "5.4.6 Too many hops");
            }

            var (message, analysis) = await BuildAsync(context, transaction, content, fields, upstream, cancellationToken);
            await repository.StoreAcceptedAsync(message, cancellationToken);
            metrics.Accepted(message.Tls, analysis, time.GetElapsedTime(started));
            Log.Accepted(logger, context.SessionId, message.QueueId, message.MessageId ?? string.Empty, message.Recipients.Count,
                message.Content.Length, message.Tls?.Version ?? "none", message.Tls?.Cipher ?? "none");
            return new SmtpResponse(SmtpReplyCode.Ok, $"2.0.0 Ok: queued as {message.QueueId}");
        }
#pragma warning disable CA1031 // Every failure must become a 4xx reply: nothing acknowledged, the client retries.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.StoreFailed(logger, ex, context.SessionId);
            metrics.Rejected(RejectionReason.DatabaseUnavailable);
            return new SmtpResponse(SmtpReplyCode.Aborted, "4.3.0 Temporary failure storing the message, try again later");
        }
    }

    private async Task<(AcceptedMessage Message, ChainAnalysis Analysis)> BuildAsync(
        ISessionContext context,
        IMessageTransaction transaction,
        byte[] content,
        IReadOnlyList<KeyValuePair<string, string>> fields,
        IReadOnlyList<string> upstream,
        CancellationToken cancellationToken)
    {
        var facts = SessionFacts.Of(context);
        var tls = SessionFacts.TlsOf(context);
        var authenticated = context.Authentication.IsAuthenticated;
        var now = time.GetUtcNow();
        var queueId = QueueId.New(now.UtcDateTime);
        var recipients = transaction.To.Select(m => m.AsAddress()).Distinct(StringComparer.Ordinal).ToList();
        var remote = facts.Remote.Address.IsIPv4MappedToIPv6 ? facts.Remote.Address.MapToIPv4() : facts.Remote.Address;
        var rdns = await ReverseNameAsync(facts, cancellationToken);

        // RFC 3848: ESMTP + S (TLS) + A (authenticated); HELO clients get plain SMTP.
        var with = !facts.Extended ? "SMTP" : "ESMTP" + (tls is null ? string.Empty : "S") + (authenticated ? "A" : string.Empty);
        var stamp = ReceivedStamp.Build(new ReceivedStampInput(
            facts.Helo, rdns, remote.ToString(), options.EffectiveHostname, with, queueId, tls, recipients, now));

        // The chain as it leaves us: our own stamp (observed) on top of the upstream claims.
        var analysis = analyzer.AnalyzeFields([stamp["Received:".Length..].TrimEnd(), .. upstream], observedHops: 1);

        var message = new AcceptedMessage
        {
            QueueId = queueId,
            SessionId = context.SessionId,
            MessageId = HeaderBlock.MessageId(fields),
            ReceivedAtUtc = now.UtcDateTime,
            MailFrom = transaction.From?.AsAddress() ?? string.Empty,
            MailParameters = transaction.Parameters,
            Recipients = recipients,
            Client = new InboundClient(remote.ToString(), facts.Remote.Port, facts.Helo, rdns),
            WithProtocol = with,
            Tls = tls,
            Sni = SessionFacts.SniOf(context),
            AuthenticatedUser = authenticated ? context.Authentication.User : null,
            ReceivedHeader = stamp,
            Content = content,
            UpstreamReceived = upstream,
            Verdict = analysis.Verdict,
            HopsJson = HopJson.SerializeHops(analysis.Hops),
        };
        return (message, analysis);
    }

    private static async Task<string?> ReverseNameAsync(SessionFacts facts, CancellationToken cancellationToken)
    {
        try
        {
            return await facts.Rdns.WaitAsync(RdnsWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null; // a slow resolver must not hold the client: the name is optional in the stamp
        }
    }

    /// <summary>The message as the client meant it: the library strips the final CRLF and does not
    /// un-stuff a leading ".." on the first line (RFC 5321 §4.5.2); both are repaired here.</summary>
    private static byte[] ContentOf(ReadOnlySequence<byte> buffer)
    {
        var length = (int)buffer.Length;
        if (length == 0)
        {
            return [];
        }

        var skip = 0;
        if (length >= 2)
        {
            Span<byte> head = stackalloc byte[2];
            buffer.Slice(0, 2).CopyTo(head);
            skip = head.SequenceEqual(".."u8) ? 1 : 0;
        }

        var content = new byte[length - skip + 2];
        buffer.Slice(skip).CopyTo(content);
        content[^2] = (byte)'\r';
        content[^1] = (byte)'\n';
        return content;
    }
}
