using System.Diagnostics;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests.Adversarial;

/// <summary>
/// Slow-drip and idle clients against a relay with one session slot: the timeouts fire, the slot is freed,
/// and the next client gets in.
/// </summary>
[Collection(RelayCollection.Name)]
public sealed class SlowClientTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    // Timeouts are logged at Information (they are routine on the internet); the test relay logs warnings.
    private const string ListenerInformation = "--Logging:LogLevel:TlsRecordingRelay.Smtp=Information";

    [Fact]
    public async Task An_idle_client_is_timed_out_with_421_4_4_2_and_its_slot_is_freed()
    {
        // 5 s: long enough for the probe below to find the slot still taken on a loaded machine.
        await using var relay = await TestRelay.StartAsync(postgres, "--Smtp:MaxSessions=1", "--Smtp:CommandTimeout=00:00:05", ListenerInformation);
        var log = LogRecorder.Attach(relay);
        await using var idle = await Dialogue.OpenAsync(relay.StartTls);
        await AssertSlotTakenAsync(relay);

        var clock = Stopwatch.StartNew();
        var replies = await Hostile.RepliesUntilClosedAsync(idle);
        Hostile.Reply(Assert.Single(replies), 421, "4.4.2");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), Generous);
        await log.WaitForAsync(1017, "command timeout");
        await Hostile.EventuallyServesAsync(relay, Generous);
    }

    [Fact]
    public async Task A_command_dripped_one_byte_at_a_time_is_cut_by_the_command_timeout()
    {
        await using var relay = await TestRelay.StartAsync(postgres,
            "--Smtp:MaxSessions=1", "--Smtp:CommandTimeout=00:00:02", "--Smtp:SessionTimeout=00:10:00");
        await using var dripper = await Dialogue.OpenAsync(relay.StartTls);

        var (closedAfter, replies) = await DripUntilClosedAsync(dripper, "MAIL FROM:<" + new string('a', 10_000));

        Assert.InRange(closedAfter, TimeSpan.FromSeconds(1), Generous); // not the 10-minute session timeout
        Assert.All(replies, r => Hostile.Reply(r, 421, "4.4.2"));
        await Hostile.EventuallyServesAsync(relay, Generous);
    }

    [Fact]
    public async Task Message_data_dripped_forever_is_cut_by_the_session_timeout_with_421_and_nothing_stored()
    {
        await using var relay = await TestRelay.StartAsync(postgres,
            "--Smtp:MaxSessions=1", "--Smtp:CommandTimeout=00:10:00", "--Smtp:SessionTimeout=00:00:06", ListenerInformation);
        var log = LogRecorder.Attach(relay);
        await using var dripper = await Dialogue.OpenAsync(relay.StartTls);
        Dialogue.Expect(250, await dripper.CommandAsync("MAIL FROM:" + Hostile.Sender));
        Dialogue.Expect(250, await dripper.CommandAsync("RCPT TO:" + Hostile.Recipient));
        Dialogue.Expect(354, await dripper.CommandAsync("DATA"));

        var (closedAfter, replies) = await DripUntilClosedAsync(dripper, "Subject: slow\r\n\r\n" + new string('x', 10_000));

        Assert.InRange(closedAfter, TimeSpan.FromSeconds(2), Generous);
        Assert.All(replies, r => Hostile.Reply(r, 421, "4.4.2")); // temporary: never the library's 554, which bounces
        Assert.Equal(0, await relay.CountAsync("messages")); // no 250, nothing kept: the sender will retry
        await log.WaitForAsync(1018, "session timeout");
        await Hostile.EventuallyServesAsync(relay, Generous);
    }

    /// <summary>Sends one byte every 100 ms until the relay hangs up; returns how long that took and what it said.</summary>
    private static async Task<(TimeSpan Elapsed, List<SmtpReply> Replies)> DripUntilClosedAsync(SmtpWire wire, string text)
    {
        var clock = Stopwatch.StartNew();
        var closed = Hostile.RepliesUntilClosedAsync(wire);
        foreach (var c in text)
        {
            if (closed.IsCompleted || clock.Elapsed > Generous)
            {
                break;
            }

            try
            {
                await wire.SendRawAsync(c.ToString());
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                break;
            }

            await Task.Delay(100);
        }

        return (clock.Elapsed, await closed);
    }

    internal static async Task AssertSlotTakenAsync(TestRelay relay)
    {
        await using var refused = await SmtpWire.ConnectAsync(relay.StartTls);
        Hostile.Reply(await refused.ReadReplyAsync(), 421, "4.3.2");
    }
}
