using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Milter.Analysis;
using TlsRecordingRelay.Milter.Protocol;
using TlsRecordingRelay.Milter.Session;

namespace TlsRecordingRelay.Milter.Tests.Units;

public sealed class AnalysisTests
{
    private const string Date = "; Thu, 3 Dec 2026 10:00:00 +0000";

    private static MilterDecision Decide(MilterOptions options, string[] received, string rcpt = "b@example.org", int maxHeaderBytes = 1 << 20)
    {
        var macros = new MacroTable();
        macros.Define(new MacroCommand((byte)'E', [new("i", "Q1"), new("j", "mx.ours.example")]));
        var message = new MessageFacts(maxHeaderBytes, 10) { MailFrom = "<a@example.net>" };
        message.AddRecipient($"<{rcpt}>");
        foreach (var line in received)
        {
            message.AddHeader("Received", line);
        }

        var connection = new ConnectionFacts { Address = "203.0.113.9", Port = 1, Helo = "client.example.net", Hostname = "[203.0.113.9]" };
        return new MessageAnalyzer(options, HopAnalyzer.Default, TimeProvider.System).Decide(Guid.NewGuid(), connection, message, macros);
    }

    [Fact]
    public void A_claimed_host_name_cannot_break_the_summary_header()
    {
        var hostile = "from evil.example (x;\r\nBcc: victim [203.0.113.62]) by mx.example.net (Postfix) with ESMTP id 1" + Date;
        var decision = Decide(new MilterOptions(), [hostile]);
        Assert.DoesNotContain('\r', decision.HeaderValue!);
        Assert.DoesNotContain('\n', decision.HeaderValue!);
        Assert.All(decision.HeaderValue!, c => Assert.InRange(c, ' ', '~'));
    }

    [Fact]
    public void Without_tls_macros_the_mtas_own_hop_is_esmtp_and_the_plaintext_hop_of_the_chain()
    {
        var decision = Decide(new MilterOptions(), []);
        Assert.Equal("ESMTP", decision.Report.WithProtocol);
        Assert.Null(decision.Report.Tls);
        // The hop into the MTA is observed: without TLS it is the chain's plaintext hop, named by its address.
        Assert.Equal("plaintext; 1 hop; inbound plaintext; plaintext hop 0 from client.example.net [203.0.113.9]; queue Q1", decision.HeaderValue);
        Assert.Null(decision.Report.Client.Rdns); // "[address]" is Postfix's form for "no verified name"
    }

    [Fact]
    public void Header_fields_beyond_the_bound_are_not_analysed()
    {
        var line = "from a.example.org (a.example.org [203.0.113.61]) by mx.example.net (Postfix) with ESMTP id 1" + Date;
        var decision = Decide(new MilterOptions(), [.. Enumerable.Repeat(line, 1000)], maxHeaderBytes: 64 * 1024);
        Assert.InRange(decision.Report.UpstreamReceived.Count, 1, 999);
    }

    [Theory]
    [InlineData("b@example.org", true)]
    [InlineData("b@sub.corp.example", true)]
    [InlineData("b@corp.example", false)]
    [InlineData("b@other.example", false)]
    public void The_plaintext_policy_covers_only_the_protected_domains(string rcpt, bool refused)
    {
        var options = new MilterOptions { OnPlaintextChain = PlaintextChainAction.Reject, ProtectedDomains = ["example.org", ".corp.example"] };
        var plaintext = "from b.example.org (b.example.org [203.0.113.62]) by mx.example.net (Postfix) with ESMTP id 2" + Date;
        var decision = Decide(options, [plaintext], rcpt);
        Assert.Equal(refused, decision.Refusal is not null);
        Assert.Equal(refused ? "reject" : "accept", decision.Report.Action);
    }

    [Fact]
    public void A_sendmail_ipv6_client_address_loses_its_literal_tag()
    {
        var macros = new MacroTable();
        var connection = new ConnectionFacts { Address = "IPv6:2001:db8::7", Port = 25, Helo = "h.example" };
        var decision = new MessageAnalyzer(new MilterOptions(), HopAnalyzer.Default, TimeProvider.System)
            .Decide(Guid.NewGuid(), connection, new MessageFacts(1 << 20, 10), macros);
        Assert.Equal("2001:db8::7", decision.Report.Client.Ip);
        Assert.Contains("[IPv6:2001:db8::7]", decision.Report.MtaReceived, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TLSv1.3", "TLSv1.3")]
    [InlineData("TLSv1", "TLSv1.0")]
    [InlineData("SSLv3", "SSLv3")]
    [InlineData("TLSv1/SSLv3", null)]
    public void Mta_version_names_are_normalised_to_the_contract(string raw, string? normalised)
    {
        Assert.Equal(normalised, MacroTls.NormalizeVersion(raw));
    }
}
