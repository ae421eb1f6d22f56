using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Core.Tests.Hops;

/// <summary>Issue 3's seed: Hotmail → Proofpoint Essentials → LuxSci, newest first, tab-indented continuations.</summary>
public sealed class SeedExampleTests
{
    // The message as issue 3 gives it (CRLF, tab-indented continuations), plus a body that must never be read.
    internal static readonly string HeaderBlock = File.ReadAllText(Path.Combine(ReceivedFixture.Directory, "issue-3-seed.eml"));

    private readonly ChainAnalysis _analysis = HopAnalyzer.Default.Analyze(HeaderBlock);

    [Fact]
    public void Six_hops_are_read_and_the_body_is_ignored()
    {
        Assert.Equal(6, _analysis.Hops.Count);
        Assert.All(_analysis.Hops, hop => Assert.True(hop.Parsed));
    }

    [Fact]
    public void Hop_0_is_encrypted_or_internal_inside_luxsci()
    {
        var hop = _analysis.Hops[0];
        Assert.Contains(hop.Security, new[] { HopSecurity.Encrypted, HopSecurity.Internal });
        Assert.NotNull(hop.Tls);
        Assert.Equal("sendmail", hop.StampedBy);
        Assert.Equal("def.luxsci.com", hop.By);
        Assert.Equal("1.1.1.1", hop.From.Ip);
    }

    [Fact]
    public void Hops_1_and_2_are_internal()
    {
        Assert.Equal(HopSecurity.Internal, _analysis.Hops[1].Security);
        Assert.Contains("127.0.0.1", _analysis.Hops[1].Reason, StringComparison.Ordinal);
        Assert.Equal(HopSecurity.Internal, _analysis.Hops[2].Security);
        Assert.Contains("mail@localhost", _analysis.Hops[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Hop_3_is_encrypted_with_the_sendmail_tls_facts()
    {
        var hop = _analysis.Hops[3];
        Assert.Equal(HopSecurity.Encrypted, hop.Security);
        Assert.NotNull(hop.Tls);
        Assert.Null(hop.Tls.Version);
        Assert.Equal("TLSv1/SSLv3", hop.Tls.VersionRaw);
        Assert.Equal("DHE-RSA-AES256-SHA", hop.Tls.Cipher);
        Assert.Equal(256, hop.Tls.Bits);
        Assert.Equal("NOT", hop.Tls.Verify);
        Assert.Equal("dispatch1-us1.ppe-hosted.com", hop.From.Helo);
        Assert.Equal("dispatch1-us1.ppe-hosted.com", hop.From.Rdns);
        Assert.Equal("2.2.2.2", hop.From.Ip);
        Assert.Equal("someone@luxsci.net", hop.For);
        Assert.Equal("r7JEfIkK030002", hop.Id);
        Assert.Equal("ESMTP", hop.With);
    }

    [Fact]
    public void Hop_4_is_plaintext_because_proofpoint_records_tls_when_used()
    {
        var hop = _analysis.Hops[4];
        Assert.Equal(HopSecurity.Plaintext, hop.Security);
        Assert.Null(hop.Tls);
        Assert.Equal("Proofpoint Essentials", hop.StampedBy);
        Assert.Equal("bay0-omc4-s14.bay0.hotmail.com", hop.From.Helo);
        Assert.Null(hop.From.Rdns);
        Assert.Equal("65.54.190.216", hop.From.Ip);
        Assert.Equal("dispatch1-us1.ppe-hosted.com.ppe-hosted.com", hop.By);
        Assert.Equal(new DateTimeOffset(2019, 8, 19, 14, 41, 18, TimeSpan.Zero), hop.Date);
    }

    [Fact]
    public void Hop_5_is_unknown_or_internal()
    {
        var hop = _analysis.Hops[5];
        Assert.Contains(hop.Security, new[] { HopSecurity.Unknown, HopSecurity.Internal });
        Assert.Equal("Microsoft SMTPSVC", hop.With);
        Assert.Equal("BAY403-EAS373", hop.From.Helo);
        Assert.Equal("65.54.190.199", hop.From.Ip);
        Assert.Null(hop.DelaySeconds);
    }

    [Fact]
    public void The_verdict_is_plaintext_naming_the_hotmail_to_proofpoint_hop()
    {
        Assert.Equal(HopSecurity.Plaintext, _analysis.Verdict);
        Assert.Equal(4, _analysis.PlaintextHopIndex);
        Assert.Contains("hotmail.com", _analysis.VerdictReason, StringComparison.Ordinal);
        Assert.Contains("ppe-hosted.com", _analysis.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_delay_from_hop_4_to_hop_3_is_one_second()
    {
        Assert.Equal(1.0, _analysis.Hops[3].DelaySeconds);
        Assert.Equal(-1.0, _analysis.Hops[4].DelaySeconds);
    }

    [Fact]
    public void Our_own_stamp_on_top_is_observed_and_encrypted()
    {
        const string Ours =
            "Received: from mail.example.org (mail.example.org [192.0.2.10])\r\n" +
            "\tby mx.ours.example (TlsRecordingRelay/1.0) with ESMTPS id 4XyZ12AbC\r\n" +
            "\t(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT)\r\n" +
            "\ttls TLS_AES_256_GCM_SHA384\r\n" +
            "\tfor <rcpt@ours.example>; Thu, 03 Dec 2026 18:45:35 +0000\r\n";
        var analysis = HopAnalyzer.Default.Analyze(Ours + HeaderBlock, observedHops: 1);

        var ours = analysis.Hops[0];
        Assert.True(ours.Observed);
        Assert.False(analysis.Hops[1].Observed);
        Assert.Equal(HopSecurity.Encrypted, ours.Security);
        Assert.Equal("TlsRecordingRelay", ours.StampedBy);
        Assert.Equal(new TlsRecordingRelay.Core.Tls.TlsDetails("TLSv1.3", "TLSv1.3", "TLS_AES_256_GCM_SHA384", 256, "NOT"), ours.Tls);
        Assert.Equal(7, analysis.Hops.Count);
        Assert.Equal(HopSecurity.Plaintext, analysis.Verdict);
        Assert.Equal(5, analysis.PlaintextHopIndex);
    }
}
