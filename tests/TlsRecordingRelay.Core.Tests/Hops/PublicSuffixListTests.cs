using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Core.Tests.Hops;

/// <summary>The shipped list and the publicsuffix.org algorithm (its own test vectors, tests/test_psl.txt).</summary>
public sealed class PublicSuffixListTests
{
    private static readonly PublicSuffixList List = PublicSuffixList.Embedded;

    [Fact]
    public void The_embedded_list_is_the_real_one_not_a_handful_of_suffixes() => Assert.True(List.RuleCount > 5000);

    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("a.b.example.com", "example.com")]
    [InlineData("WWW.Example.COM.", "example.com")]
    [InlineData("mail.example.co.uk", "example.co.uk")]
    [InlineData("a.b.c.kobe.jp", "b.c.kobe.jp")]
    [InlineData("www.city.kobe.jp", "city.kobe.jp")]
    [InlineData("b.test.ck", "b.test.ck")]
    [InlineData("www.www.ck", "www.ck")]
    [InlineData("alice.blogspot.com", "alice.blogspot.com")]
    [InlineData("mail.xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn")]
    [InlineData("host.example.unknowntld", "example.unknowntld")]
    public void Registrable_domains_follow_the_list_algorithm(string host, string registrable) =>
        Assert.Equal(registrable, List.RegistrableDomain(host));

    [Theory]
    [InlineData("com")]
    [InlineData("co.uk")]
    [InlineData("test.ck")]
    [InlineData("c.kobe.jp")]
    [InlineData("localhost")]
    [InlineData("BAY403-EAS373")]
    [InlineData("192.0.2.1")]
    [InlineData("[192.0.2.1]")]
    [InlineData("2001:db8::1")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("a..b")]
    public void Suffixes_single_labels_and_addresses_have_none(string host) => Assert.Null(List.RegistrableDomain(host));

    [Fact]
    public void Parse_reads_wildcards_exceptions_and_comments()
    {
        var list = PublicSuffixList.Parse("// comment\n*.example\n!keep.example\nuk\nco.uk   trailing text\n");
        Assert.Equal("x.y.example", list.RegistrableDomain("a.x.y.example"));
        Assert.Equal("keep.example", list.RegistrableDomain("www.keep.example"));
        Assert.Equal("bbc.co.uk", list.RegistrableDomain("www.bbc.co.uk"));
    }
}
