using TlsRecordingRelay.Core.Dashboard;

namespace TlsRecordingRelay.Core.Tests.Dashboard;

/// <summary>Grouping sending hosts into organisations for the dashboard: which name counts, and how hosts add up.</summary>
public sealed class SendingOrganisationTests
{
    [Theory]
    [InlineData("mail-yw1-f171.google.com", "example.org", "209.85.128.171", "google.com")]
    [InlineData(null, "smtp.mail.example.co.uk", "192.0.2.1", "example.co.uk")]
    [InlineData("localhost", "mx1.example.org", "192.0.2.1", "example.org")] // a single label has no registrable domain
    [InlineData(null, "[192.0.2.1]", "192.0.2.1", "192.0.2.1")]
    [InlineData(null, null, "2001:db8::1", "2001:db8::1")]
    [InlineData(null, null, "", "(unknown)")]
    public void The_organisation_is_the_registrable_domain_of_rdns_else_helo_else_the_address(string? rdns, string? helo, string ip, string expected) =>
        Assert.Equal(expected, SendingOrganisation.Of(rdns, helo, ip));

    [Fact]
    public void Hosts_of_one_organisation_add_up_busiest_first()
    {
        var versions = new TlsVersionCounts(1, 0, 0, 0);
        SendingOrganisationStats Host(string rdns, int messages, int plaintext) =>
            new(SendingOrganisation.Of(rdns, null, "192.0.2.1"), messages, messages - plaintext, 0, 0, plaintext, versions);

        var rolled = SendingOrganisation.RollUp([Host("a.mx.example.org", 2, 1), Host("small.test", 1, 0), Host("B.MX.Example.org", 3, 0)]);

        Assert.Equal(["example.org", "small.test"], rolled.Select(o => o.Organisation));
        Assert.Equal(new SendingOrganisationStats("example.org", 5, 4, 0, 0, 1, new TlsVersionCounts(2, 0, 0, 0)), rolled[0]);
        Assert.Equal(4, rolled[0].WithTls);
    }
}
