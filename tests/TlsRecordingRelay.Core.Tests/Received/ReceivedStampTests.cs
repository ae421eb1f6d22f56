using TlsRecordingRelay.Core.Received;
using TlsRecordingRelay.Core.Tls;

namespace TlsRecordingRelay.Core.Tests.Received;

public sealed class ReceivedStampTests
{
    private static readonly DateTimeOffset Date = new(2026, 12, 3, 18, 45, 35, TimeSpan.Zero);

    [Fact]
    public void A_tls_session_is_stamped_exactly_as_the_contract_shows()
    {
        var stamp = ReceivedStamp.Build(new ReceivedStampInput(
            "mail.example.org", "mail.example.org", "192.0.2.10", "mx.ours.example", "ESMTPS", "4XyZ12AbC",
            new TlsDetails("TLSv1.3", "TLSv1.3", "TLS_AES_256_GCM_SHA384", 256, "NO"), ["rcpt@ours.example"], Date));

        Assert.Equal(
            "Received: from mail.example.org (mail.example.org [192.0.2.10])\r\n"
            + "\tby mx.ours.example (TlsRecordingRelay/1.0) with ESMTPS id 4XyZ12AbC\r\n"
            + "\t(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NO)\r\n"
            + "\ttls TLS_AES_256_GCM_SHA384\r\n"
            + "\tfor <rcpt@ours.example>; Thu, 03 Dec 2026 18:45:35 +0000\r\n",
            stamp);
    }

    [Fact]
    public void A_plaintext_session_with_several_recipients_names_none_of_them()
    {
        var stamp = ReceivedStamp.Build(new ReceivedStampInput(
            "client.test", null, "::ffff:198.51.100.7", "mx.test", "ESMTP", "ID", null, ["a@x.test", "b@x.test"], Date));

        Assert.Equal(
            "Received: from client.test ([198.51.100.7])\r\n"
            + "\tby mx.test (TlsRecordingRelay/1.0) with ESMTP id ID\r\n"
            + "\tThu, 03 Dec 2026 18:45:35 +0000\r\n",
            stamp);
    }

    [Fact]
    public void Ipv6_clients_get_the_ipv6_address_literal_tag()
    {
        var stamp = ReceivedStamp.Build(new ReceivedStampInput("h", null, "2001:db8::1", "mx", "ESMTP", "ID", null, [], Date));
        Assert.StartsWith("Received: from h ([IPv6:2001:db8::1])\r\n", stamp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evil\r\nX-Injected: yes")]
    [InlineData("a) (b")]
    [InlineData("<x>;y")]
    [InlineData("tab\there")]
    public void Client_text_cannot_end_the_field_or_the_comment(string helo)
    {
        var stamp = ReceivedStamp.Build(new ReceivedStampInput(helo, null, "192.0.2.1", "mx", "ESMTP", "ID", null, [helo + "@x.test"], Date));
        var lines = stamp.Split("\r\n")[..^1];
        Assert.All(lines.Skip(1), l => Assert.StartsWith("\t", l, StringComparison.Ordinal));
        Assert.Equal(stamp.Count(c => c == '('), stamp.Count(c => c == ')'));
        Assert.DoesNotContain("X-Injected: yes", stamp.Replace("\r\n\t", " ", StringComparison.Ordinal).Split("\r\n").Skip(1));
        Assert.Equal(1, stamp.Count(c => c == ';'));
    }

    [Fact]
    public void Overlong_client_text_is_bounded_below_the_line_limit()
    {
        var stamp = ReceivedStamp.Build(new ReceivedStampInput(new string('a', 5000), null, "192.0.2.1", "mx", "ESMTP", "ID", null, [new string('b', 5000) + "@x.test"], Date));
        Assert.All(stamp.Split("\r\n"), l => Assert.InRange(l.Length, 0, 998));
    }

    [Fact]
    public void Negative_offsets_are_written_with_a_minus_sign()
    {
        Assert.Equal("Mon, 19 Aug 2019 09:41:20 -0500", ReceivedStamp.FormatDate(new DateTimeOffset(2019, 8, 19, 9, 41, 20, TimeSpan.FromHours(-5))));
    }
}
