using TlsRecordingRelay.Core.Hops;

namespace TlsRecordingRelay.Core.Tests.Hops;

public sealed class TlsVersionNameTests
{
    [Theory]
    [InlineData("TLSv1.3", "TLSv1.3")]
    [InlineData("TLS1_2", "TLSv1.2")]
    [InlineData("TLS1.2", "TLSv1.2")]
    [InlineData("Tls12", "TLSv1.2")]
    [InlineData("tls1_3", "TLSv1.3")]
    [InlineData("TLSv1", "TLSv1.0")]
    [InlineData("TLS1.0", "TLSv1.0")]
    [InlineData("TLSv1.1", "TLSv1.1")]
    [InlineData("TLS-1.3", "TLSv1.3")]
    [InlineData("SSLv3", "SSLv3")]
    public void Printed_versions_are_normalised(string raw, string normalised) => Assert.Equal(normalised, TlsVersionName.Normalize(raw));

    [Theory]
    [InlineData("TLSv1/SSLv3")]
    [InlineData("TLS")]
    [InlineData("TLSv1.4")]
    [InlineData("TLSv2")]
    [InlineData("ESMTPS")]
    [InlineData("")]
    public void Versions_that_say_only_that_tls_was_used_normalise_to_null(string raw) => Assert.Null(TlsVersionName.Normalize(raw));
}
