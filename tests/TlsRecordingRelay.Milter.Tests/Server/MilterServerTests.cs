using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using static TlsRecordingRelay.Milter.Tests.Packets;

namespace TlsRecordingRelay.Milter.Tests.Server;

/// <summary>The server driven over loopback by a hand-written MTA side.</summary>
public sealed class MilterServerTests
{
    [Fact]
    public async Task A_postfix_style_message_gets_the_summary_header_and_a_report_built_from_the_macros()
    {
        var repository = new RecordingRepository();
        await using var milter = await TestMilter.StartAsync(repository);
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync();
        await mta.SendAsync([.. Conversation.Session(), .. Conversation.Message("4AbC123", "m1@example.net", "bob@example.org", [Conversation.EncryptedHop])]);

        var replies = await mta.ReadUntilFinalAsync();
        Assert.Equal(['h', 'c'], replies.Select(r => r.Code));
        Assert.StartsWith("X-TLS-Hops\0", replies[0].Text, StringComparison.Ordinal);
        Assert.Contains("; inbound TLSv1.3 TLS_AES_256_GCM_SHA384; queue 4AbC123", replies[0].Text, StringComparison.Ordinal);

        var report = Assert.Single(repository.Reports);
        Assert.Equal(("4AbC123", "mx.ours.example", "smtpd", "m1@example.net"), (report.MtaQueueId, report.MtaHostname, report.DaemonName, report.MessageId));
        Assert.Equal(("alice@example.net", "bob@example.org"), (report.MailFrom, report.Recipients.Single()));
        Assert.Equal(("192.0.2.10", 40000, "mail.example.net", "mail.example.net"), (report.Client.Ip, report.Client.Port, report.Client.Helo, report.Client.Rdns));
        Assert.Equal("ESMTPS", report.WithProtocol);
        Assert.Equal(("TLSv1.3", "TLS_AES_256_GCM_SHA384", 256), (report.Tls!.Version, report.Tls.Cipher, report.Tls.Bits!.Value));
        Assert.Null(report.Tls.Verify); // Postfix has no {verify} macro
        Assert.Equal("accept", report.Action);
        Assert.Single(report.UpstreamReceived);

        // The MTA's own hop is rebuilt from the macros and comes first, observed; the upstream one follows.
        using var hops = JsonDocument.Parse(report.HopsJson);
        Assert.Equal(2, hops.RootElement.GetArrayLength());
        var mtaHop = hops.RootElement[0];
        Assert.Equal("mx.ours.example", mtaHop.GetProperty("by").GetString());
        Assert.Equal("192.0.2.10", mtaHop.GetProperty("from").GetProperty("ip").GetString());
        Assert.Equal("TLSv1.3", mtaHop.GetProperty("tls").GetProperty("version").GetString());
        Assert.Equal("encrypted", mtaHop.GetProperty("security").GetString());
        Assert.Equal("4AbC123", mtaHop.GetProperty("id").GetString());
        Assert.Equal("encrypted", report.Verdict);
        Assert.Contains("with ESMTPS id 4AbC123", report.MtaReceived, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiation_asks_postfix_for_header_actions_no_body_no_replies_and_the_macros_we_read()
    {
        await using var milter = await TestMilter.StartAsync(new RecordingRepository());
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        var data = await mta.NegotiateAsync();

        Assert.Equal(6u, BinaryPrimitives.ReadUInt32BigEndian(data));
        Assert.Equal(0x111u, BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4))); // ADDHDRS | CHGHDRS | SETSYMLIST
        var steps = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(8));
        Assert.Equal(0x10u, steps & 0x10u);   // SMFIP_NOBODY
        Assert.Equal(0x80u, steps & 0x80u);   // SMFIP_NR_HDR
        Assert.Equal(0u, steps & 0x20u);      // headers are wanted
        var lists = Encoding.Latin1.GetString(data.AsSpan(12));
        Assert.Contains("{tls_version} {cipher} {cipher_bits}", lists, StringComparison.Ordinal);
        Assert.Contains("{auth_authen}", lists, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_no_reply_steps_every_event_is_answered_with_continue()
    {
        await using var milter = await TestMilter.StartAsync(new RecordingRepository());
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        var data = await mta.NegotiateAsync(Negotiate(2, 0x3F, 0x7F)); // a Sendmail 8.13-era MTA
        Assert.Equal(12, data.Length); // no macro lists for a v2 MTA

        await mta.SendAsync(Connect("h.example", '4', 25, "192.0.2.1"));
        await mta.ExpectAsync('c');
        await mta.SendAsync(Helo("h.example"));
        await mta.ExpectAsync('c');
        await mta.SendAsync(Mail("<a@example.net>"));
        await mta.ExpectAsync('c');
        await mta.SendAsync(Rcpt("<b@example.org>"));
        await mta.ExpectAsync('c');
        await mta.SendAsync(Header("Subject", "x"));
        await mta.ExpectAsync('c');
        await mta.SendAsync(Bare('N'));
        await mta.ExpectAsync('c');
        await mta.SendAsync(Bare('E'));
        Assert.Equal('c', (await mta.ReadUntilFinalAsync()).Last().Code);
    }

    [Fact]
    public async Task An_mta_that_sends_the_body_anyway_is_told_to_skip_it()
    {
        await using var milter = await TestMilter.StartAsync(new RecordingRepository());
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync(Negotiate(6, 0x1FF, 0x400)); // understands SMFIR_SKIP, cannot omit the body
        await mta.SendAsync(Mail("<a@example.net>"));
        await mta.ExpectAsync('c');
        await mta.SendAsync(Packet('B', "body\r\n"u8.ToArray()));
        await mta.ExpectAsync('s');
    }

    [Fact]
    public async Task A_forged_copy_of_our_header_is_deleted_before_ours_is_added()
    {
        await using var milter = await TestMilter.StartAsync(new RecordingRepository());
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync();
        await mta.SendAsync([.. Conversation.Session(), .. Conversation.Message("Q1", "m@x", "b@example.org", [],
            ("X-TLS-Hops", "encrypted; 1 hop"), ("x-tls-hops", "encrypted; 9 hops"))]);

        var replies = await mta.ReadUntilFinalAsync();
        Assert.Equal(['m', 'm', 'h', 'c'], replies.Select(r => r.Code));
        Assert.Equal(Encoding.Latin1.GetString([.. UInt32(2), .. Str("X-TLS-Hops"), .. Str(string.Empty)]), replies[0].Text);
        Assert.Equal(Encoding.Latin1.GetString([.. UInt32(1), .. Str("X-TLS-Hops"), .. Str(string.Empty)]), replies[1].Text);
    }

    [Fact]
    public async Task A_forged_copy_beyond_the_header_bound_is_deleted_too()
    {
        await using var milter = await TestMilter.StartAsync(new RecordingRepository(), o => o.MaxHeaderBytes = 64 * 1024);
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync();
        await mta.SendAsync([.. Conversation.Session(), .. Conversation.Message("Q1", "m@x", "b@example.org", [],
            ("X-Filler", new string('f', 70 * 1024)), ("X-TLS-Hops", "encrypted; 1 hop"))]);
        Assert.Equal(['m', 'h', 'c'], (await mta.ReadUntilFinalAsync()).Select(r => r.Code));
    }

    [Fact]
    public async Task No_header_is_added_when_the_option_is_off()
    {
        var repository = new RecordingRepository();
        await using var milter = await TestMilter.StartAsync(repository, o => o.AddHeader = false);
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        var data = await mta.NegotiateAsync();
        Assert.Equal(0x100u, BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4))); // only SETSYMLIST
        await mta.SendAsync([.. Conversation.Session(), .. Conversation.Message("Q1", "m@x", "b@example.org", [])]);
        Assert.Equal(['c'], (await mta.ReadUntilFinalAsync()).Select(r => r.Code));
        Assert.Null(Assert.Single(repository.Reports).AddedHeader);
    }

    [Fact]
    public async Task A_plaintext_chain_for_a_protected_domain_is_rejected_with_550_and_others_pass()
    {
        var repository = new RecordingRepository();
        await using var milter = await TestMilter.StartAsync(repository, o =>
        {
            o.OnPlaintextChain = PlaintextChainAction.Reject;
            o.ProtectedDomains = [".protected.example"];
        });
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync();
        await mta.SendAsync([.. Conversation.Session(), .. Conversation.Message("Q1", "m1@x", "b@mail.protected.example", [Conversation.PlaintextHop])]);
        var refused = Assert.Single(await mta.ReadUntilFinalAsync());
        Assert.Equal('y', refused.Code);
        Assert.StartsWith("550 5.7.1 ", refused.Text, StringComparison.Ordinal);

        await mta.SendAsync(Conversation.Message("Q2", "m2@x", "b@elsewhere.example", [Conversation.PlaintextHop]));
        var passed = await mta.ReadUntilFinalAsync();
        Assert.Equal(['h', 'c'], passed.Select(r => r.Code));
        Assert.StartsWith("X-TLS-Hops\0plaintext; 2 hops; inbound TLSv1.3 TLS_AES_256_GCM_SHA384; plaintext hop 1 from b.example.org [203.0.113.62]", passed[0].Text, StringComparison.Ordinal);

        Assert.Equal(["reject", "accept"], repository.Reports.Select(r => r.Action));
        Assert.All(repository.Reports, r => Assert.Equal("plaintext", r.Verdict));
    }

    [Fact]
    public async Task A_plaintext_chain_is_deferred_with_451_under_tempfail_and_an_encrypted_one_passes()
    {
        await using var milter = await TestMilter.StartAsync(new RecordingRepository(), o => o.OnPlaintextChain = PlaintextChainAction.Tempfail);
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync();
        await mta.SendAsync([.. Conversation.Session(), .. Conversation.Message("Q1", "m1@x", "b@example.org", [Conversation.PlaintextHop])]);
        Assert.StartsWith("451 4.7.1 ", Assert.Single(await mta.ReadUntilFinalAsync()).Text, StringComparison.Ordinal);

        await mta.SendAsync(Conversation.Message("Q2", "m2@x", "b@example.org", [Conversation.EncryptedHop]));
        Assert.Equal('c', (await mta.ReadUntilFinalAsync()).Last().Code);
    }

    [Fact]
    public async Task With_the_database_down_mail_is_accepted_by_default()
    {
        var repository = new RecordingRepository { Fail = true };
        await using var milter = await TestMilter.StartAsync(repository);
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync();
        await mta.SendAsync([.. Conversation.Session(), .. Conversation.Message("Q1", "m@x", "b@example.org", [])]);
        Assert.Equal(['h', 'c'], (await mta.ReadUntilFinalAsync()).Select(r => r.Code));
    }

    [Fact]
    public async Task With_the_database_down_and_tempfail_configured_the_mta_answers_451()
    {
        var repository = new RecordingRepository { Fail = true };
        await using var milter = await TestMilter.StartAsync(repository, o => o.OnDatabaseError = DatabaseErrorAction.Tempfail);
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync();
        await mta.SendAsync([.. Conversation.Session(), .. Conversation.Message("Q1", "m@x", "b@example.org", [])]);
        var reply = Assert.Single(await mta.ReadUntilFinalAsync());
        Assert.Equal('y', reply.Code);
        Assert.StartsWith("451 4.3.0 ", reply.Text, StringComparison.Ordinal);

        repository.Fail = false; // the database is back: the next message on the same connection is reported
        await mta.SendAsync(Conversation.Message("Q2", "m2@x", "b@example.org", []));
        Assert.Equal('c', (await mta.ReadUntilFinalAsync()).Last().Code);
        Assert.Equal("Q2", Assert.Single(repository.Reports).MtaQueueId);
    }

    [Fact]
    public async Task A_database_that_never_answers_is_given_up_after_the_store_timeout()
    {
        await using var milter = await TestMilter.StartAsync(new HangingRepository(), o =>
        {
            o.StoreTimeout = TimeSpan.FromMilliseconds(200);
            o.OnDatabaseError = DatabaseErrorAction.Tempfail;
        });
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync();
        await mta.SendAsync([.. Conversation.Session(), .. Conversation.Message("Q1", "m@x", "b@example.org", [])]);
        Assert.StartsWith("451 4.3.0 ", Assert.Single(await mta.ReadUntilFinalAsync()).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_mta_that_goes_silent_is_disconnected_after_the_idle_timeout()
    {
        await using var milter = await TestMilter.StartAsync(new RecordingRepository(), o => o.IdleTimeout = TimeSpan.FromMilliseconds(200));
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync();
        Assert.True(await mta.IsClosedByPeerAsync());
    }

    [Fact]
    public async Task Several_messages_share_a_connection_and_an_abort_forgets_the_message_in_progress()
    {
        var repository = new RecordingRepository();
        await using var milter = await TestMilter.StartAsync(repository);
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync();
        await mta.SendAsync([.. Conversation.Session()]);
        await mta.SendAsync(Macros('M', "i", "ABORTED"), Mail("<x@example.net>"), Rcpt("<gone@example.org>"), Bare('A'));
        await mta.SendAsync(Conversation.Message("Q1", "m1@x", "one@example.org", []));
        await mta.ReadUntilFinalAsync();
        await mta.SendAsync(Conversation.Message("Q2", "m2@x", "two@example.org", []));
        await mta.ReadUntilFinalAsync();

        Assert.Equal(["Q1", "Q2"], repository.Reports.Select(r => r.MtaQueueId));
        Assert.Equal(["one@example.org", "two@example.org"], repository.Reports.Select(r => r.Recipients.Single()));
        Assert.All(repository.Reports, r => Assert.Equal("TLSv1.3", r.Tls!.Version)); // connection macros persist
    }

    [Fact]
    public async Task Quit_new_connection_starts_a_fresh_smtp_session_on_the_same_socket()
    {
        var repository = new RecordingRepository();
        await using var milter = await TestMilter.StartAsync(repository);
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync();
        await mta.SendAsync([.. Conversation.Session(), Bare('K')]);
        // The next SMTP client did not use TLS: no TLS macros this time.
        await mta.SendAsync(Connect("plain.example.net", '4', 41000, "198.51.100.5"), Helo("plain.example.net"));
        await mta.SendAsync(Conversation.Message("Q3", "m3@x", "b@example.org", []));
        await mta.ReadUntilFinalAsync();

        var report = Assert.Single(repository.Reports);
        Assert.Equal(("198.51.100.5", "ESMTP"), (report.Client.Ip, report.WithProtocol));
        Assert.Null(report.Tls);
        Assert.Null(report.MtaHostname);
    }

    [Fact]
    public async Task An_oversized_packet_closes_that_connection_and_the_server_serves_the_next()
    {
        await using var milter = await TestMilter.StartAsync(new RecordingRepository());
        await using (var hostile = await MtaClient.ConnectAsync(milter.EndPoint))
        {
            await hostile.NegotiateAsync();
            await hostile.SendAsync([.. UInt32((uint)milter.Options.MaxPacketBytes + 1), (byte)'L']);
            Assert.True(await hostile.IsClosedByPeerAsync());
        }

        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync();
    }

    [Fact]
    public async Task A_malformed_packet_closes_the_connection()
    {
        await using var milter = await TestMilter.StartAsync(new RecordingRepository());
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync();
        await mta.SendAsync(Packet('L', Str("only-a-name")));
        Assert.True(await mta.IsClosedByPeerAsync());
    }

    [Fact]
    public async Task A_command_before_negotiation_closes_the_connection()
    {
        await using var milter = await TestMilter.StartAsync(new RecordingRepository());
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.SendAsync(Helo("early.example"));
        Assert.True(await mta.IsClosedByPeerAsync());
    }

    [Fact]
    public async Task Quit_closes_the_connection()
    {
        await using var milter = await TestMilter.StartAsync(new RecordingRepository());
        await using var mta = await MtaClient.ConnectAsync(milter.EndPoint);
        await mta.NegotiateAsync();
        await mta.SendAsync(Bare('Q'));
        Assert.True(await mta.IsClosedByPeerAsync());
    }

    [Fact]
    public async Task Many_mta_connections_are_served_concurrently()
    {
        var repository = new RecordingRepository();
        await using var milter = await TestMilter.StartAsync(repository);
        var clients = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => MtaClient.ConnectAsync(milter.EndPoint)));
        try
        {
            // Every connection is open and mid-conversation before any finishes.
            foreach (var client in clients)
            {
                await client.NegotiateAsync();
                await client.SendAsync(Conversation.Session());
            }

            await Task.WhenAll(clients.Select(async (client, i) =>
            {
                await client.SendAsync(Conversation.Message($"Q{i}", $"m{i}@x", "b@example.org", []));
                await client.ReadUntilFinalAsync();
            }));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        Assert.Equal(20, repository.Reports.Select(r => r.MtaQueueId).Distinct().Count());
    }

    [Fact]
    public async Task A_connection_over_the_limit_is_closed_at_once()
    {
        await using var milter = await TestMilter.StartAsync(new RecordingRepository(), o => o.MaxConnections = 1);
        await using var first = await MtaClient.ConnectAsync(milter.EndPoint);
        await first.NegotiateAsync();
        await using var second = await MtaClient.ConnectAsync(milter.EndPoint);
        await second.SendAsync(MtaClient.PostfixOffer);
        Assert.True(await second.IsClosedByPeerAsync());
    }

    [Fact]
    public async Task The_milter_listens_on_a_unix_socket_and_removes_it_on_stop()
    {
        var path = Path.Combine(Path.GetTempPath(), "tlsrelay-milter-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        var milter = await TestMilter.StartAsync(new RecordingRepository(), o => o.Listen = "unix:" + path);
        await using (var mta = await MtaClient.ConnectAsync(new UnixDomainSocketEndPoint(path)))
        {
            await mta.NegotiateAsync();
        }

        await milter.DisposeAsync();
        Assert.False(File.Exists(path));
    }
}
