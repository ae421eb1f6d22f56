using System.Net;
using System.Net.Sockets;

namespace TlsRecordingRelay.Milter.Tests.Units;

public sealed class MilterEndpointTests
{
    [Theory]
    [InlineData("inet:127.0.0.1:8894", "127.0.0.1", 8894)]      // Postfix smtpd_milters form
    [InlineData("inet:8894@127.0.0.1", "127.0.0.1", 8894)]      // Sendmail S= form
    [InlineData("inet6:8894@[::1]", "::1", 8894)]
    [InlineData("inet:[::1]:0", "::1", 0)]
    [InlineData("inet:localhost:25", "127.0.0.1", 25)]
    [InlineData("INET:*:25", "0.0.0.0", 25)]
    public void Postfix_and_sendmail_inet_forms_parse_to_an_address_and_port(string spec, string address, int port)
    {
        Assert.True(MilterEndpoint.TryParse(spec, out var endpoint, out var error), error);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endpoint);
    }

    [Theory]
    [InlineData("unix:/run/tlsrelay/milter.sock")]
    [InlineData("local:/run/tlsrelay/milter.sock")]
    public void Unix_and_local_name_a_socket_path(string spec)
    {
        Assert.True(MilterEndpoint.TryParse(spec, out var endpoint, out _));
        Assert.Equal("/run/tlsrelay/milter.sock", Assert.IsType<UnixDomainSocketEndPoint>(endpoint).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:8894")]
    [InlineData("tcp:127.0.0.1:8894")]
    [InlineData("inet:127.0.0.1")]
    [InlineData("inet:127.0.0.1:70000")]
    [InlineData("inet:mx.example:25")]
    [InlineData("inet:")]
    public void Anything_else_is_refused_with_a_reason(string spec)
    {
        Assert.False(MilterEndpoint.TryParse(spec, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("X-TLS-Hops", true)]
    [InlineData("X TLS", false)]
    [InlineData("X-TLS:Hops", false)]
    [InlineData("", false)]
    public void The_header_name_must_be_an_rfc_5322_field_name(string name, bool valid)
    {
        var result = new MilterOptionsValidator().Validate(null, new MilterOptions { HeaderName = name });
        Assert.Equal(valid, result.Succeeded);
    }

    [Fact]
    public void Option_validation_names_a_bad_listen_value()
    {
        var result = new MilterOptionsValidator().Validate(null, new MilterOptions { Listen = "inet:nowhere" });
        Assert.Contains("Milter:Listen", result.FailureMessage, StringComparison.Ordinal);
    }
}
