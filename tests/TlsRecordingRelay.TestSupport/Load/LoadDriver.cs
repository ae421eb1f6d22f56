using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.RegularExpressions;

namespace TlsRecordingRelay.TestSupport.Load;

/// <summary>
/// An SMTP load generator for fault tests: N concurrent connections, M messages each, plain or STARTTLS,
/// envelope pipelined (RFC 2920), every message carrying a unique token (Message-ID and <c>X-Load-Token</c>)
/// so a sink can count arrivals, and every reply recorded. A lost connection is re-opened when
/// <see cref="LoadOptions.ReconnectFor"/> allows, as an MTA would; the unanswered message is not re-sent
/// (its outcome is <see cref="MessageOutcome.NoReply"/>), so a token appears at the sink twice only when the
/// relay delivered it twice.
/// </summary>
public static partial class LoadDriver
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    /// <summary>Starts the run; stop it with <see cref="LoadRun.StopAsync"/> or by disposing it (current messages finish, QUIT, the rest not sent).</summary>
    public static LoadRun Start(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var messages = new List<LoadMessage>(options.Connections * options.MessagesPerConnection);
        for (var c = 0; c < options.Connections; c++)
        {
            for (var i = 0; i < options.MessagesPerConnection; i++)
            {
                messages.Add(new LoadMessage(TokenOf(options.RunId, c, i), c, i));
            }
        }

        var stopping = new CancellationTokenSource();
        var stop = stopping.Token;
        var run = new LoadRun(messages, stopping);
        run.CountNotSent(messages.Count);
        var connections = Enumerable.Range(0, options.Connections)
            .Select(c => Task.Run(() => RunConnectionAsync(options, run, messages.GetRange(c * options.MessagesPerConnection, options.MessagesPerConnection), stop)));
        run.Completion = Task.WhenAll(connections).ContinueWith(t =>
        {
            run.Finished();
            return t;
        }, TaskScheduler.Default).Unwrap();
        return run;
    }

    /// <summary>The token of message <paramref name="sequence"/> of connection <paramref name="connection"/>.</summary>
    public static string TokenOf(string runId, int connection, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{runId}-{connection}-{sequence}");

    /// <summary>The load token in a message's bytes (its <c>X-Load-Token</c> header), or null.</summary>
    public static string? TokenIn(ReadOnlySpan<byte> data)
    {
        var marker = "\r\nX-Load-Token: "u8;
        var at = data.IndexOf(marker);
        if (at < 0)
        {
            return null;
        }

        var rest = data[(at + marker.Length)..];
        var end = rest.IndexOf((byte)'\r');
        return end < 0 ? null : Encoding.ASCII.GetString(rest[..end]);
    }

    private static async Task RunConnectionAsync(LoadOptions options, LoadRun run, List<LoadMessage> share, CancellationToken stop)
    {
        var next = 0;
        while (next < share.Count && !stop.IsCancellationRequested)
        {
            await using var wire = await OpenAsync(options, run, stop);
            if (wire is null)
            {
                return; // gave up: the rest stays NotSent
            }

            var usable = true;
            while (usable && next < share.Count && !stop.IsCancellationRequested)
            {
                usable = await SendAsync(wire, options, run, share[next++]);
            }

            if (usable)
            {
                await QuitQuietlyAsync(wire);
            }
        }
    }

    /// <summary>Greeting, EHLO, optional STARTTLS; retried until <see cref="LoadOptions.ReconnectFor"/> runs out.</summary>
    private static async Task<SmtpWire?> OpenAsync(LoadOptions options, LoadRun run, CancellationToken stop)
    {
        var deadline = DateTime.UtcNow + options.ReconnectFor;
        while (!stop.IsCancellationRequested)
        {
            if (options.Target() is { } target)
            {
                SmtpWire? wire = null;
                try
                {
                    wire = await SmtpWire.ConnectAsync(target, timeout: options.ReplyTimeout);
                    if (await ExpectAsync(wire, run, null, 220)
                        && await ExpectAsync(wire, run, "EHLO load.client.test", 250)
                        && (!options.StartTls || await StartTlsAsync(wire, run)))
                    {
                        run.ConnectionOpened();
                        return wire;
                    }
                }
                catch (Exception e) when (IsConnectionFailure(e))
                {
                    // refused or cut while opening: the server is down or restarting
                }

                if (wire is not null)
                {
                    await wire.DisposeAsync();
                }
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            try
            {
                await Task.Delay(RetryPause, stop);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    private static async Task<bool> StartTlsAsync(SmtpWire wire, LoadRun run)
    {
        var reply = await wire.StartTlsAsync("load.client.test");
        run.Received(reply);
        return reply.Code == 250;
    }

    private static async Task<bool> ExpectAsync(SmtpWire wire, LoadRun run, string? command, int code)
    {
        var reply = command is null ? await wire.ReadReplyAsync() : await wire.CommandAsync(command);
        run.Received(reply);
        return reply.Code == code;
    }

    /// <summary>Sends one message and records how it ended; false when the connection is no longer usable.</summary>
    private static async Task<bool> SendAsync(SmtpWire wire, LoadOptions options, LoadRun run, LoadMessage message)
    {
        SmtpReply? failure = null;
        try
        {
            string[] envelope = [$"MAIL FROM:<{options.MailFrom}>", $"RCPT TO:<{options.Recipient}>", "DATA"];
            int[] expected = [250, 250, 354];
            if (options.Pipelining)
            {
                await wire.SendRawAsync(string.Concat(envelope.Select(c => c + "\r\n")));
            }

            SmtpReply? data = null;
            for (var i = 0; i < envelope.Length; i++)
            {
                if (!options.Pipelining && failure is not null)
                {
                    break;
                }

                var reply = options.Pipelining ? await wire.ReadReplyAsync() : await wire.CommandAsync(envelope[i]);
                if (failure is null)
                {
                    run.Received(reply); // after a failure, pipelined replies are consequences (503 …), not verdicts
                }

                if (failure is null && reply.Code != expected[i])
                {
                    failure = reply;
                }

                data = reply;
            }

            if (failure is not null)
            {
                run.Decide(message, failure.Code / 100 == 5 ? MessageOutcome.Rejected : MessageOutcome.Deferred, failure);
                if (data?.Code == 354)
                {
                    await wire.SendRawAsync(".\r\n"); // a server that opened DATA anyway gets an empty, failing message
                    await wire.ReadReplyAsync();
                }

                return failure.Code != 421 && (await wire.CommandAsync("RSET")).Code == 250; // 421: the server is closing
            }

            await wire.SendRawAsync(BodyOf(options, message.Token));
            var final = await wire.ReadReplyAsync();
            run.Received(final);
            message.QueueId = QueuedAs().Match(final.Text) is { Success: true } m ? m.Groups["id"].Value : null;
            run.Decide(message, final.Code switch
            {
                250 => MessageOutcome.Accepted,
                >= 500 => MessageOutcome.Rejected,
                _ => MessageOutcome.Deferred,
            }, final);
            return final.Code != 421;
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            if (failure is null)
            {
                run.Decide(message, MessageOutcome.NoReply, null);
            }

            return false;
        }
    }

    private static async Task QuitQuietlyAsync(SmtpWire wire)
    {
        try
        {
            await wire.CommandAsync("QUIT");
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            // the messages are decided; a lost QUIT changes nothing
        }
    }

    private static string BodyOf(LoadOptions options, string token)
    {
        var body = new StringBuilder(options.BodyBytes + 512);
        body.Append(CultureInfo.InvariantCulture, $"Message-ID: <{token}@load.test>\r\n");
        body.Append(CultureInfo.InvariantCulture, $"From: <{options.MailFrom}>\r\n");
        body.Append(CultureInfo.InvariantCulture, $"To: <{options.Recipient}>\r\n");
        body.Append(CultureInfo.InvariantCulture, $"Subject: load {token}\r\n");
        body.Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture)).Append("\r\n");
        body.Append(CultureInfo.InvariantCulture, $"X-Load-Token: {token}\r\n\r\n");
        body.Append(CultureInfo.InvariantCulture, $"token {token}\r\n");
        var filler = new string('x', 74) + "\r\n";
        for (var written = 0; written < options.BodyBytes; written += filler.Length)
        {
            body.Append(filler);
        }

        return body.Append(".\r\n").ToString();
    }

    private static bool IsConnectionFailure(Exception e) =>
        e is IOException or SocketException or TimeoutException or AuthenticationException or ObjectDisposedException;

    [GeneratedRegex(@"queued as (?<id>\S+)")]
    private static partial Regex QueuedAs();
}
