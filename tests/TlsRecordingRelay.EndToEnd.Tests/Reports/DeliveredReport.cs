using Dapper;
using Npgsql;
using TlsRecordingRelay.TestSupport;
using TlsRecordingRelay.TestSupport.Smtp;

namespace TlsRecordingRelay.EndToEnd.Tests.Reports;

/// <summary>A relay that accepted the seed message over STARTTLS and delivered it over TLS to a sink: real stored data to report on.</summary>
internal sealed class DeliveredReport : IAsyncDisposable
{
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _certificate;

    private DeliveredReport(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, LoopbackSmtpSink sink, TestRelay relay)
    {
        _certificate = certificate;
        Sink = sink;
        Relay = relay;
    }

    public LoopbackSmtpSink Sink { get; }

    public TestRelay Relay { get; }

    public static async Task<DeliveredReport> StartAsync(PostgresFixture postgres, params string[] extra)
    {
        var certificate = TestCertificates.SelfSigned("localhost");
        var sink = new LoopbackSmtpSink(new SinkOptions { Certificate = certificate });
        var relay = await TestRelay.StartAsync(postgres,
            ["--Delivery:Workers=1", $"--Delivery:Routes:*=127.0.0.1:{sink.Port}", "--TlsPolicy:Default=encrypt", .. extra]);
        return new DeliveredReport(certificate, sink, relay);
    }

    /// <summary>Sends the seed message with this Message-ID over STARTTLS and waits until it is delivered; returns its queue id.</summary>
    public Task<string> SendAsync(string messageId) => SendAsync(messageId, SeedMessage.Data(messageId));

    /// <summary>Sends this DATA (terminator included), whose Message-ID is <paramref name="messageId"/>, and waits as above.</summary>
    public async Task<string> SendAsync(string messageId, string data)
    {
        await using (var wire = await Dialogue.OpenAsync(Relay.StartTls, startTls: true))
        {
            Dialogue.Expect(250, await Dialogue.SendAsync(wire, data));
        }

        await using var connection = new NpgsqlConnection(Relay.ConnectionString);
        await Poll.UntilAsync(
            async () => await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM recipients r JOIN messages m ON m.id = r.message_ref WHERE m.message_id = @messageId AND r.status = 'delivered'",
                new { messageId }) > 0,
            TimeSpan.FromSeconds(30),
            "the message to be delivered");
        return await connection.ExecuteScalarAsync<string>(
            "SELECT queue_id FROM messages WHERE message_id = @messageId ORDER BY id DESC LIMIT 1", new { messageId }) ?? throw new InvalidOperationException("no queue id");
    }

    public async ValueTask DisposeAsync()
    {
        await Relay.DisposeAsync();
        await Sink.DisposeAsync();
        _certificate.Dispose();
    }
}
