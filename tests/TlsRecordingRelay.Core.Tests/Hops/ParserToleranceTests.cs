using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Core.Tests.Hops;

/// <summary>The real-world mess issue 3 lists: every form here must parse without losing the facts around it.</summary>
public sealed class ParserToleranceTests
{
    private static Hop Single(string field) => HopAnalyzer.Default.AnalyzeFields([field]).Hops[0];

    [Theory]
    [InlineData("from a.example (a.example [IPv6:2001:db8::1]) by b.example; Fri, 12 Jan 2024 09:41:19 +0000", "2001:db8::1")]
    [InlineData("from a.example (a.example [2001:db8::1]) by b.example; Fri, 12 Jan 2024 09:41:19 +0000", "2001:db8::1")]
    [InlineData("from a.example (a.example [2001:DB8:0:0:0:0:0:1]) by b.example; Fri, 12 Jan 2024 09:41:19 +0000", "2001:db8::1")]
    [InlineData("from a.example (2001:db8::1) by b.example; Fri, 12 Jan 2024 09:41:19 +0000", "2001:db8::1")]
    [InlineData("from a.example ([192.0.2.1]:52344) by b.example; Fri, 12 Jan 2024 09:41:19 +0000", "192.0.2.1")]
    [InlineData("from a.example (192.0.2.1:52344) by b.example; Fri, 12 Jan 2024 09:41:19 +0000", "192.0.2.1")]
    [InlineData("from a.example ([IPv6:2001:db8::1]:25) by b.example; Fri, 12 Jan 2024 09:41:19 +0000", "2001:db8::1")]
    [InlineData("from a.example (a.example [::ffff:192.0.2.1]) by b.example; Fri, 12 Jan 2024 09:41:19 +0000", "192.0.2.1")]
    [InlineData("from a.example (a.example [IPv6:::ffff:192.0.2.1]) by b.example; Fri, 12 Jan 2024 09:41:19 +0000", "192.0.2.1")]
    public void Addresses_are_read_in_every_printed_form(string field, string ip)
    {
        var hop = Single(field);
        Assert.Equal(ip, hop.From.Ip);
        Assert.Equal("b.example", hop.By);
    }

    [Theory]
    [InlineData("from rdns.example (HELO helo.example) (192.0.2.1) by b.example with SMTP; 12 Jan 2024 09:41:19 -0000")]
    [InlineData("from rdns.example (EHLO helo.example) (192.0.2.1) by b.example with SMTP; 12 Jan 2024 09:41:19 -0000")]
    [InlineData("from rdns.example ([192.0.2.1] helo=helo.example) by b.example with esmtp; 12 Jan 2024 09:41:19 -0000")]
    [InlineData("from rdns.example ([192.0.2.1] claiming to be helo.example) by b.example with SMTP; 12 Jan 2024 09:41:19 -0000")]
    [InlineData("from rdns.example [192.0.2.1] claiming to be helo.example by b.example with SMTP; 12 Jan 2024 09:41:19 -0000")]
    public void An_explicit_helo_makes_the_first_word_the_reverse_dns_name(string field)
    {
        var hop = Single(field);
        Assert.Equal("helo.example", hop.From.Helo);
        Assert.Equal("rdns.example", hop.From.Rdns);
        Assert.Equal("192.0.2.1", hop.From.Ip);
    }

    [Fact]
    public void A_missing_semicolon_still_yields_the_date_and_the_id_before_it()
    {
        var hop = Single("from a.example (a.example [192.0.2.1]) by b.example with ESMTP id abc123 Fri, 12 Jan 2024 09:41:19 +0000");
        Assert.Equal("abc123", hop.Id);
        Assert.Equal(new DateTimeOffset(2024, 1, 12, 9, 41, 19, TimeSpan.Zero), hop.Date);
        Assert.True(hop.Parsed);
    }

    [Fact]
    public void A_missing_date_leaves_the_date_null_and_the_clauses_intact()
    {
        var hop = Single("from a.example (a.example [192.0.2.1]) by b.example with ESMTP id abc123 for <x@b.example>");
        Assert.Null(hop.Date);
        Assert.Equal("x@b.example", hop.For);
        Assert.Equal("ESMTP", hop.With);
        Assert.True(hop.Parsed);
    }

    [Fact]
    public void Several_comments_envelope_from_authenticated_sender_and_via_do_not_confuse_the_clauses()
    {
        var hop = Single(
            "from a.example (a.example [192.0.2.1]) (Authenticated sender: alice@a.example) (envelope-from <alice@a.example>)"
            + " by b.example (Postfix) (amavisd-new, port 10024) via TCP with ESMTPSA id 4XyZ (extra (nested) comment)"
            + " for <bob@b.example> (one more); Fri, 12 Jan 2024 09:41:19 +0000 (UTC)");
        Assert.Equal("a.example", hop.From.Helo);
        Assert.Equal("a.example", hop.From.Rdns);
        Assert.Equal("b.example", hop.By);
        Assert.Equal("TCP", hop.Via);
        Assert.Equal("ESMTPSA", hop.With);
        Assert.Equal("4XyZ", hop.Id);
        Assert.Equal("bob@b.example", hop.For);
        Assert.Equal(HopSecurity.Encrypted, hop.Security);
    }

    [Fact]
    public void Keywords_and_protocol_words_are_read_in_any_case()
    {
        var hop = Single("FROM a.example (a.example [192.0.2.1]) BY b.example WITH EsMtPs ID x1 FOR <c@b.example>; Fri, 12 Jan 2024 09:41:19 +0000");
        Assert.Equal("b.example", hop.By);
        Assert.Equal("EsMtPs", hop.With);
        Assert.Equal(HopSecurity.Encrypted, hop.Security);
    }

    [Theory]
    [InlineData("Received: a\r\n\tb\r\nReceived: c\r\n", new[] { "a\tb", "c" })]
    [InlineData("Received: a\n b\nReceived: c\n", new[] { "a b", "c" })]
    [InlineData("\r\n\r\nReceived: a\r\n", new[] { "a" })]
    [InlineData("From alice@example.org Fri Jan 12 09:41:19 2024\nReceived: a\n", new[] { "a" })]
    [InlineData("received : a\nX-Other: y\n z\nReceived: c\n\nReceived: body\n", new[] { "a", "c" })]
    public void Fields_are_found_unfolded_and_the_body_is_never_read(string block, string[] expected)
    {
        var hops = HopAnalyzer.Default.Analyze(block).Hops;
        Assert.Equal(expected, hops.Select(h => h.Raw));
    }

    [Theory]
    [InlineData("Fri, 12 Jan 2024 09:41:19 +0000", "2024-01-12T09:41:19Z")]
    [InlineData("12 Jan 2024 09:41:19 -0000", "2024-01-12T09:41:19Z")]
    [InlineData("Fri, 12 Jan 24 09:41 PST", "2024-01-12T17:41:00Z")]
    [InlineData("Mon, 19 Aug 2019 08:41:18 -0600 (MDT)", "2019-08-19T14:41:18Z")]
    [InlineData("Fri Jan 12 09:41:19 2024", "2024-01-12T09:41:19Z")]
    [InlineData("Fri,  2 Feb 2024 23:59:60 +0100", "2024-02-02T22:59:59Z")]
    [InlineData("Sat, 31 Dec 1999 23:00:00 EST", "2000-01-01T04:00:00Z")]
    [InlineData("Fri, 12 Jan 2024 09:41:19 GMT", "2024-01-12T09:41:19Z")]
    public void Dates_are_read_in_rfc_5322_and_obsolete_forms_and_converted_to_utc(string date, string utc)
    {
        var hop = Single("from a.example by b.example; " + date);
        Assert.NotNull(hop.Date);
        Assert.Equal(utc, HopJson.FormatDate(hop.Date.Value));
    }

    [Theory]
    [InlineData("Fri, 31 Feb 2024 09:41:19 +0000")]
    [InlineData("Fri, 12 Jan 2024 25:41:19 +0000")]
    [InlineData("yesterday")]
    [InlineData("Fri, 12 Jan 0001 00:00:00 +1400")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 -1400")]
    public void Impossible_dates_are_null_not_errors(string date) => Assert.Null(Single("from a.example by b.example; " + date).Date);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("garbage garbage garbage")]
    [InlineData(";;;;")]
    [InlineData("((((((")]
    [InlineData(")))) <<<< >>>> [[[[ ]]]] \"\"\"")]
    public void Garbage_becomes_an_unparsed_unknown_hop(string field)
    {
        var hop = Single(field);
        Assert.False(hop.Parsed);
        Assert.Equal(HopSecurity.Unknown, hop.Security);
    }
}
