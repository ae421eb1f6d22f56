using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using TlsRecordingRelay.Smtp.Listener;
using TlsRecordingRelay.Smtp.Metrics;
using TlsRecordingRelay.Smtp.Session;

namespace TlsRecordingRelay.Smtp.Policy;

/// <summary>MAIL and RCPT checks: STARTTLS required, drain in progress, relay rules, recipient limit.</summary>
internal sealed class RelayMailboxFilter(
    SmtpOptions options,
    RelayRules rules,
    SessionRegistry sessions,
    SmtpMetrics metrics,
    ILogger<RelayMailboxFilter> logger) : IMailboxFilter
{
    // RFC 5321 §4.5.3.1.8 asks for at least 100; Postfix's smtpd_recipient_limit is 1000.
    internal const int MaxRecipients = 1000;

    // RFC 5321 §4.5.3.1.3: a reverse- or forward-path is at most 256 octets, the angle brackets included.
    private const int MaxPath = 256;

    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (sessions.Draining)
        {
            metrics.Rejected(RejectionReason.ShuttingDown);
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "4.3.2 Service shutting down, try again later"), quit: true);
        }

        if (options.RequireTls && !context.Pipe.IsSecure)
        {
            Log.Rejected(logger, context.SessionId, "530 5.7.0", "MAIL before STARTTLS");
            metrics.Rejected(RejectionReason.RequireTls);
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.AuthenticationRequired, "5.7.0 Must issue a STARTTLS command first"));
        }

        CheckParameters(context, SessionFacts.Of(context).MailParameters);
        if (PathTooLong(from))
        {
            Log.Rejected(logger, context.SessionId, "501 5.1.7", "reverse-path over 256 octets");
            metrics.Rejected(RejectionReason.PathTooLong);
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.SyntaxError, "5.1.7 Path too long"));
        }

        if (context.Properties.TryGetValue(SessionKeys.State, out var value) && value is SessionState state && !state.TryBeginTransaction())
        {
            metrics.Rejected(RejectionReason.ShuttingDown);
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "4.3.2 Service shutting down, try again later"), quit: true);
        }

        SessionFacts.Of(context).RecipientCount = 0;
        return Task.FromResult(true);
    }

    /// <summary>
    /// RFC 5321 §4.1.1.11 / RFC 1869 §6: a MAIL parameter we did not advertise gets 555. We advertise SIZE,
    /// 8BITMIME (BODY=), SMTPUTF8, and AUTH (whose AUTH= parameter RFC 4954 §5 lets a relay pass on).
    /// </summary>
    private void CheckParameters(ISessionContext context, IReadOnlyDictionary<string, string> parameters)
    {
        if (parameters.ContainsKey(DuplicateMailParameter.Sentinel))
        {
            Log.Rejected(logger, context.SessionId, "501 5.5.4", "repeated MAIL parameter");
            metrics.Rejected(RejectionReason.BadParameter);
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.SyntaxError, "5.5.4 Repeated MAIL parameter"));
        }

        foreach (var (key, value) in parameters)
        {
            var known = key.ToUpperInvariant() switch
            {
                "SIZE" or "SMTPUTF8" or "AUTH" => true,
                "BODY" => value.Equals("7BIT", StringComparison.OrdinalIgnoreCase) || value.Equals("8BITMIME", StringComparison.OrdinalIgnoreCase),
                _ => false,
            };
            if (!known)
            {
                Log.Rejected(logger, context.SessionId, "555 5.5.4", "unsupported MAIL parameter " + key);
                metrics.Rejected(RejectionReason.BadParameter);
                throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)555, "5.5.4 Unsupported MAIL parameter"));
            }
        }
    }

    public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(to);
        var facts = SessionFacts.Of(context);
        if (facts.RecipientCount >= MaxRecipients)
        {
            metrics.Rejected(RejectionReason.TooManyRecipients);
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.InsufficientStorage, "4.5.3 Too many recipients"));
        }

        if (PathTooLong(to))
        {
            Log.Rejected(logger, context.SessionId, "501 5.1.3", "forward-path over 256 octets");
            metrics.Rejected(RejectionReason.PathTooLong);
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.SyntaxError, "5.1.3 Path too long"));
        }

        var user = to.User ?? string.Empty;
        var host = to.Host ?? string.Empty;
        if (IsOurPostmaster(user, host))
        {
            // RFC 5321 §4.5.1: postmaster must be accepted from anyone (PostmasterRecipient turns <postmaster>
            // into postmaster@ our host name). One fixed mailbox: it cannot be used to relay.
            facts.RecipientCount++;
            return Task.FromResult(true);
        }

        if (!rules.MayRelay(facts.Remote.Address, context.Authentication.IsAuthenticated, user, host))
        {
            if (rules.IsAcceptedDomain(host))
            {
                Log.RoutingLocalPartDenied(logger, context.SessionId, facts.Remote.Address.ToString(), to.AsAddress() ?? user);
            }
            else
            {
                Log.RelayDenied(logger, context.SessionId, facts.Remote.Address.ToString(), host);
            }

            metrics.Rejected(RejectionReason.RelayDenied);
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.TransactionFailed, "5.7.1 Relay access denied"));
        }

        facts.RecipientCount++;
        return Task.FromResult(true);
    }

    private bool IsOurPostmaster(string user, string host) =>
        user.Equals("postmaster", StringComparison.OrdinalIgnoreCase)
        && host.Equals(options.EffectiveHostname, StringComparison.OrdinalIgnoreCase);

    private static bool PathTooLong(IMailbox? mailbox) => (mailbox?.AsAddress()?.Length ?? 0) + 2 > MaxPath;
}
