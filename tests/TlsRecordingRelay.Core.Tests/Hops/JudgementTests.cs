using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Core.Tests.Hops;

/// <summary>The rules of DESIGN.md "Hop analysis" one by one: internal, plaintext, unknown, and the chain verdict.</summary>
public sealed class JudgementTests
{
    private const string Date = "; Fri, 12 Jan 2024 09:41:19 +0000";

    private static ChainAnalysis Chain(params string[] fields) => HopAnalyzer.Default.AnalyzeFields(fields);

    [Fact]
    public void A_loopback_peer_is_internal_even_when_the_helo_lies()
    {
        var hop = Chain("from mail.google.com (mail.google.com [127.0.0.2]) by mx.example.net (Postfix) with ESMTP id 1" + Date).Hops[0];
        Assert.Equal(HopSecurity.Internal, hop.Security);
        Assert.Contains("loopback", hop.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ipv6_loopback_peer_is_internal()
    {
        Assert.Equal(HopSecurity.Internal, Chain("from localhost ([::1]) by mx.example.net (Postfix) with ESMTP id 1" + Date).Hops[0].Security);
    }

    [Fact]
    public void The_same_host_stamping_twice_is_internal()
    {
        var chain = Chain(
            "from mx.example.net by mx.example.net (Postfix) with ESMTP id 2" + Date,
            "from sender.example.org (sender.example.org [203.0.113.1]) by mx.example.net (Postfix) with ESMTPS id 1" + Date);
        Assert.Equal(HopSecurity.Internal, chain.Hops[0].Security);
        Assert.Contains("same host", chain.Hops[0].Reason, StringComparison.Ordinal);
        Assert.Equal(HopSecurity.Encrypted, chain.Verdict);
    }

    [Fact]
    public void A_sender_whose_reverse_dns_is_the_receiver_is_the_same_host()
    {
        var hop = Chain("from localhost (mx.example.net [198.51.100.1]) by mx.example.net (Postfix) with ESMTP id 2" + Date).Hops[0];
        Assert.Equal(HopSecurity.Internal, hop.Security);
    }

    [Fact]
    public void A_forged_older_line_cannot_make_a_hop_with_a_public_peer_internal()
    {
        // The sender wrote the lower line itself, naming the receiver; the receiver recorded its real address.
        var chain = Chain(
            "from mail.victim.example (unknown [203.0.113.66]) by mx.victim.example (Postfix) with ESMTP id 2" + Date,
            "from x by mx.victim.example (Postfix) with ESMTPS id 1" + Date);
        Assert.Equal(HopSecurity.Plaintext, chain.Hops[0].Security);
        Assert.Equal(HopSecurity.Plaintext, chain.Verdict);
    }

    [Fact]
    public void A_helo_naming_the_receivers_domain_does_not_make_a_hop_internal()
    {
        var hop = Chain("from mail.victim.example (unknown [203.0.113.67]) by mx.victim.example (Postfix) with ESMTP id 1" + Date).Hops[0];
        Assert.Equal(HopSecurity.Plaintext, hop.Security);
    }

    [Fact]
    public void Both_ends_in_one_registrable_domain_are_internal()
    {
        var hop = Chain("from out1.mail.example.co.uk (out1.mail.example.co.uk [198.51.100.2]) by in.example.co.uk (8.17.1/8.17.1) with ESMTP id 1" + Date).Hops[0];
        Assert.Equal(HopSecurity.Internal, hop.Security);
        Assert.Contains("example.co.uk", hop.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_customers_of_one_public_suffix_are_different_organisations()
    {
        // "blogspot.com" is in the Public Suffix List's private section: alice.blogspot.com and bob.blogspot.com differ.
        var hop = Chain("from alice.blogspot.com (alice.blogspot.com [198.51.100.3]) by bob.blogspot.com (8.17.1/8.17.1) with ESMTP id 1" + Date).Hops[0];
        Assert.Equal(HopSecurity.Plaintext, hop.Security);
    }

    [Fact]
    public void A_private_peer_address_is_internal()
    {
        Assert.Equal(HopSecurity.Internal, Chain("from x (x [10.1.2.3]) by mx.example.net (Postfix) with ESMTP id 1" + Date).Hops[0].Security);
        Assert.Equal(HopSecurity.Internal, Chain("from x (x [fd00::1]) by mx.example.net (Postfix) with ESMTP id 1" + Date).Hops[0].Security);
    }

    [Fact]
    public void Operator_declared_trusted_networks_and_hosts_are_internal()
    {
        var analyzer = new HopAnalyzer(new HopAnalyzerSettings { TrustedNetworks = ["198.51.100.0/24"], TrustedHosts = [".corp.example", "gw.example.org"] });
        var byNetwork = analyzer.AnalyzeFields(["from a.example.com (a.example.com [198.51.100.9]) by mx.example.net (Postfix) with ESMTP id 1" + Date]);
        Assert.Equal(HopSecurity.Internal, byNetwork.Hops[0].Security);
        Assert.Contains("198.51.100.0/24", byNetwork.Hops[0].Reason, StringComparison.Ordinal);

        var byHost = analyzer.AnalyzeFields(["from gw.example.org (gw.example.org [203.0.113.9]) by in.corp.example (Postfix) with ESMTP id 1" + Date]);
        Assert.Equal(HopSecurity.Internal, byHost.Hops[0].Security);
        Assert.Contains("trusted", byHost.Hops[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trusted_network_that_is_not_cidr_is_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new HopAnalyzer(new HopAnalyzerSettings { TrustedNetworks = ["not-a-network"] }));
    }

    [Fact]
    public void An_observed_hop_is_not_made_internal_by_names_the_client_chose()
    {
        // The client's PTR record and HELO both claim our domain; only its address counts for our own hop.
        var fields = new[] { "from mx.ours.example (relay.ours.example [203.0.113.50]) by mx.ours.example (TlsRecordingRelay/1.0) with ESMTP id 1" + Date };
        Assert.Equal(HopSecurity.Plaintext, HopAnalyzer.Default.AnalyzeFields(fields, observedHops: 1).Hops[0].Security);
        Assert.Equal(HopSecurity.Internal, HopAnalyzer.Default.AnalyzeFields(fields, observedHops: 0).Hops[0].Security);
    }

    [Fact]
    public void A_forged_line_below_ours_cannot_make_our_hop_internal()
    {
        var chain = HopAnalyzer.Default.AnalyzeFields(
            [
                "from attacker.example (attacker.example [203.0.113.51]) by mx.ours.example (TlsRecordingRelay/1.0) with ESMTP id 2" + Date,
                "from x by mx.ours.example (TlsRecordingRelay/1.0) with ESMTPS id 1" + Date,
            ],
            observedHops: 1);
        Assert.Equal(HopSecurity.Plaintext, chain.Hops[0].Security);
        Assert.Equal(HopSecurity.Plaintext, chain.Verdict);
        Assert.Equal(0, chain.PlaintextHopIndex);
    }

    [Fact]
    public void A_stamper_not_known_to_record_tls_gives_unknown_which_is_not_insecure()
    {
        var chain = Chain("from a.example.org (a.example.org [203.0.113.60]) by b.example.net with ESMTP id 1" + Date);
        Assert.Equal(HopSecurity.Unknown, chain.Hops[0].Security);
        Assert.Equal(HopSecurity.Unknown, chain.Verdict);
    }

    [Fact]
    public void The_verdict_is_encrypted_when_every_hop_between_organisations_records_tls()
    {
        var chain = Chain(
            "from localhost (localhost [127.0.0.1]) by mx.example.net (Postfix) with ESMTP id 3" + Date,
            "from a.example.org (a.example.org [203.0.113.61]) by mx.example.net (Postfix) with ESMTPS id 2" + Date,
            "by a.example.org (Postfix, from userid 1000) id 1" + Date);
        Assert.Equal(HopSecurity.Encrypted, chain.Verdict);
        Assert.Null(chain.PlaintextHopIndex);
    }

    [Fact]
    public void The_verdict_names_the_newest_plaintext_hop_and_counts_the_others()
    {
        var chain = Chain(
            "from b.example.org (b.example.org [203.0.113.62]) by mx.example.net (Postfix) with ESMTP id 2" + Date,
            "from c.example.com (c.example.com [203.0.113.63]) by b.example.org (Postfix) with ESMTP id 1" + Date);
        Assert.Equal(HopSecurity.Plaintext, chain.Verdict);
        Assert.Equal(0, chain.PlaintextHopIndex);
        Assert.Contains("1 more", chain.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_of_internal_hops_only_has_no_verdict_to_give()
    {
        var chain = Chain("by host.example.net (Postfix, from userid 1000) id 1" + Date);
        Assert.Equal(HopSecurity.Unknown, chain.Verdict);
        Assert.Contains("internal", chain.VerdictReason, StringComparison.Ordinal);
    }

    [Fact]
    public void No_received_field_is_an_unknown_verdict_with_no_hops()
    {
        var chain = HopAnalyzer.Default.Analyze("Subject: hi\r\n\r\nbody");
        Assert.Empty(chain.Hops);
        Assert.Equal(HopSecurity.Unknown, chain.Verdict);
    }
}
