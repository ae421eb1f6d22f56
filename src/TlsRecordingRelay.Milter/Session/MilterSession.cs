using Microsoft.Extensions.Logging;
using TlsRecordingRelay.Core.Milter;
using TlsRecordingRelay.Milter.Analysis;
using TlsRecordingRelay.Milter.Metrics;
using TlsRecordingRelay.Milter.Protocol;

namespace TlsRecordingRelay.Milter.Session;

/// <summary>
/// One MTA connection: negotiation, then any number of SMTP sessions (SMFIC_QUIT_NC) and messages, each
/// analysed and reported at its final dot. Any protocol violation closes the connection; the MTA then applies
/// its milter_default_action for that message, never more.
/// </summary>
internal sealed class MilterSession(
    Stream stream,
    MilterOptions options,
    MessageAnalyzer analyzer,
    IMilterReportRepository repository,
    ILogger logger,
    MilterMetrics? metrics = null)
{
    private readonly MacroTable _macros = new();
    private ConnectionFacts _connection = new();
    private MessageFacts? _message;
    private NegotiatedOptions? _negotiated;
    private bool _skippedBody;

    public Guid SessionId { get; } = Guid.NewGuid();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            FrameReadResult read;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                idle.CancelAfter(options.IdleTimeout);
                try
                {
                    read = await MilterFrameReader.ReadAsync(stream, options.MaxPacketBytes, idle.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    Log.IdleTimeout(logger, SessionId, options.IdleTimeout);
                    return;
                }
            }

            if (read.Status == FrameReadStatus.Closed)
            {
                return;
            }

            if (read.Frame is null)
            {
                Log.ProtocolError(logger, SessionId, read.Error ?? "unreadable packet");
                return;
            }

            var parsed = MilterCommandParser.Parse(read.Frame);
            if (parsed.Command is null)
            {
                Log.ProtocolError(logger, SessionId, parsed.Error ?? "malformed packet");
                return;
            }

            var (replies, keepOpen, error) = await HandleAsync(parsed.Command, cancellationToken);
            if (error is not null)
            {
                Log.ProtocolError(logger, SessionId, error);
                return;
            }

            if (replies.Count > 0)
            {
                // An MTA that stops reading must not hold the session forever: writes share the idle bound.
                using var write = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                write.CancelAfter(options.IdleTimeout);
                foreach (var reply in replies)
                {
                    await stream.WriteAsync(reply.Encode(), write.Token);
                }

                await stream.FlushAsync(write.Token);
            }

            if (!keepOpen)
            {
                return;
            }
        }
    }

    private async Task<(IReadOnlyList<MilterReply> Replies, bool KeepOpen, string? Error)> HandleAsync(MilterCommand command, CancellationToken cancellationToken)
    {
        if (_negotiated is null && command is not NegotiateCommand)
        {
            // mfapi: SMFIC_OPTNEG always opens the conversation; anything else first is not an MTA.
            return ([], false, $"command '{(char)command.Code}' before option negotiation");
        }

        switch (command)
        {
            case NegotiateCommand offer:
                if (offer.Version < Negotiation.MinimumVersion)
                {
                    return ([], false, $"MTA protocol version {offer.Version} is older than {Negotiation.MinimumVersion}");
                }

                _negotiated = Negotiation.Agree(offer, WantedActions(), MacroRequests.Lists);
                Log.Negotiated(logger, SessionId, _negotiated.Version, (uint)_negotiated.Actions, (uint)_negotiated.Steps);
                return ([_negotiated.ToReply()], true, null);

            case MacroCommand macros:
                _macros.Define(macros); // mfdef.h: macros are never answered
                return ([], true, null);

            case ConnectCommand connect:
                _connection = new ConnectionFacts { Hostname = connect.Hostname, Address = connect.Address, Port = connect.Port };
                return Step(MilterSteps.NoReplyConnect);

            case HeloCommand helo:
                _connection.Helo = helo.Name;
                return Step(MilterSteps.NoReplyHelo);

            case MailCommand mail:
                StartMessage().MailFrom = mail.Sender;
                return Step(MilterSteps.NoReplyMail);

            case RcptCommand rcpt:
                CurrentMessage().AddRecipient(rcpt.Recipient);
                return Step(MilterSteps.NoReplyRcpt);

            case HeaderCommand header:
                CurrentMessage().AddHeader(header.Name, header.Value);
                return Step(MilterSteps.NoReplyHeader);

            case BodyCommand:
                return BodyStep();

            case EndOfMessageCommand:
                return (await EndOfMessageAsync(cancellationToken), true, null);

            case UnknownCommand:
                return Step(MilterSteps.NoReplyUnknown);

            case BareCommand { Code: MilterCommandCode.Data }:
                return Step(MilterSteps.NoReplyData);

            case BareCommand { Code: MilterCommandCode.EndOfHeaders }:
                return Step(MilterSteps.NoReplyEndOfHeaders);

            case BareCommand { Code: MilterCommandCode.Abort }:
                EndMessage(); // SMFIC_ABORT: no reply (libmilter mi_engine: ST_ABRT has no response)
                return ([], true, null);

            case BareCommand { Code: MilterCommandCode.QuitNewConnection }:
                // v6: the MTA reuses this socket for its next SMTP session; the negotiation stays.
                EndMessage();
                _macros.ClearAll();
                _connection = new ConnectionFacts();
                return ([], true, null);

            default: // SMFIC_QUIT
                return ([], false, null);
        }
    }

    private MilterActions WantedActions() =>
        options.AddHeader ? MilterActions.AddHeaders | MilterActions.ChangeHeaders : MilterActions.None;

    private (IReadOnlyList<MilterReply>, bool, string?) Step(MilterSteps noReplyFlag) =>
        (_negotiated!.Has(noReplyFlag) ? [] : [MilterReply.Continue], true, null);

    private (IReadOnlyList<MilterReply>, bool, string?) BodyStep()
    {
        if (_negotiated!.Has(MilterSteps.NoReplyBody))
        {
            return ([], true, null);
        }

        // We never read the body: an MTA that sends it anyway is told to stop, once per message.
        if (_negotiated.Has(MilterSteps.Skip) && !_skippedBody)
        {
            _skippedBody = true;
            return ([MilterReply.Skip], true, null);
        }

        return ([MilterReply.Continue], true, null);
    }

    private async Task<IReadOnlyList<MilterReply>> EndOfMessageAsync(CancellationToken cancellationToken)
    {
        var message = CurrentMessage();
        if (message.HeadersTruncated)
        {
            Log.HeadersTruncated(logger, SessionId, options.MaxHeaderBytes);
        }

        var decision = analyzer.Decide(SessionId, _connection, message, _macros);
        var report = decision.Report;
        var refusal = decision.Refusal;
        var header = decision.HeaderValue;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.StoreTimeout);
            await repository.StoreAsync(report, timeout.Token);
        }
#pragma warning disable CA1031 // Any storage failure becomes the configured answer; only our own shutdown propagates.
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            var tempfail = options.OnDatabaseError == DatabaseErrorAction.Tempfail;
            Log.StoreFailed(logger, e, SessionId, report.MtaQueueId ?? "?", tempfail ? "tempfail" : "accept");
            if (tempfail && refusal is null)
            {
                refusal = "451 4.3.0 Temporary failure recording the TLS report, try again later";
                header = null;
            }
        }

        var action = refusal is null ? MessageAnalyzer.ActionAccept : refusal[0] == '5' ? MessageAnalyzer.ActionReject : MessageAnalyzer.ActionTempfail;
        Log.Reported(logger, SessionId, report.MtaQueueId ?? "?", report.MessageId ?? string.Empty, report.Verdict, action,
            report.Tls?.Version ?? report.Tls?.VersionRaw ?? "none", report.Tls?.Cipher ?? "none");
        metrics?.Seen(decision.Analysis, action);
        EndMessage();

        if (refusal is not null)
        {
            return [MilterReply.ReplyCode(refusal)];
        }

        var replies = new List<MilterReply>();
        if (header is not null && _negotiated!.Allows(MilterActions.AddHeaders))
        {
            // A copy of our header that came with the message is a claim we did not make: delete it
            // (SMFIR_CHGHEADER with an empty value; indexes are 1-based per field name), highest first.
            if (_negotiated.Allows(MilterActions.ChangeHeaders))
            {
                for (var index = message.TrackedHeaderCount; index >= 1; index--)
                {
                    replies.Add(MilterReply.ChangeHeader((uint)index, options.HeaderName, string.Empty));
                }
            }

            replies.Add(MilterReply.AddHeader(options.HeaderName, header));
        }

        replies.Add(MilterReply.Continue);
        return replies;
    }

    private MessageFacts StartMessage()
    {
        EndMessage();
        _message = new MessageFacts(options.MaxHeaderBytes, options.MaxRecipients, options.HeaderName);
        return _message;
    }

    private MessageFacts CurrentMessage() => _message ??= new MessageFacts(options.MaxHeaderBytes, options.MaxRecipients, options.HeaderName);

    private void EndMessage()
    {
        _message = null;
        _skippedBody = false;
        _macros.ClearMessage();
    }
}
