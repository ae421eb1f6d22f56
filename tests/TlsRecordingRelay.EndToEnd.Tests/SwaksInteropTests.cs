using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using TlsRecordingRelay.Storage;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.EndToEnd.Tests;

/// <summary>
/// What a user gets from a fresh clone: the executable with its embedded PostgreSQL and a self-signed
/// certificate, driven by swaks, an independent SMTP client (OpenSSL underneath, not .NET).
/// </summary>
public sealed class SwaksInteropTests
{
    [SkippableFact]
    public async Task Swaks_over_starttls_is_queued_and_recorded_by_a_relay_with_its_embedded_database()
    {
        var swaks = Tools.Find("swaks");
        Skip.If(swaks is null && Environment.GetEnvironmentVariable("CI") is null, "swaks is not installed (deploy/install-prerequisites.sh)");
        Assert.True(swaks is not null, "swaks is required in CI");

        var dataDirectory = Directory.CreateTempSubdirectory("tlsrelay-swaks-").FullName;
        try
        {
            string[] args = [$"--Storage:DataDirectory={dataDirectory}", "--Smtp:Port=0", "--Smtp:Hostname=mx.relay.test", "--Relay:AcceptedDomains:0=accepted.test"];
            await using (var relay = await RelayProcess.StartAsync(args, timeout: TimeSpan.FromSeconds(120)))
            {
                var (exit, output) = await Tools.RunAsync(swaks!,
                [
                    "--server", "127.0.0.1", "--port", relay.StartTlsEndPoint!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--tls", "--ehlo", "swaks.client.test", "--from", "alice@client.test", "--to", "someone@accepted.test",
                    "--header", "Message-Id: <swaks-interop@client.test>", "--timeout", "30",
                ]);
                Assert.True(exit == 0, "swaks failed:\n" + output + "\nrelay:\n" + relay.Output);
                Assert.Matches(@"<~ +250 2\.0\.0 Ok: queued as [0-9A-Z]{14}", output);
                Assert.Contains("TLS started with cipher TLSv1.3:TLS_AES_256_GCM_SHA384:256", output, StringComparison.Ordinal);

                // A second process attaches to the relay's running embedded server (as `tlsrelay report` will).
                var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = dataDirectory }).Build();
                await using (var database = await Database.OpenAsync(configuration, NullLoggerFactory.Instance, CancellationToken.None))
                {
                    Assert.False(database.OwnsServer);
                    await using var connection = await database.DataSource.OpenConnectionAsync();
                    var row = await connection.QuerySingleAsync<(string With, string Helo, string Version, string Cipher)>(
                        """
                        SELECT r.with_protocol, r.client_helo, r.tls->>'version', r.tls->>'cipher'
                        FROM messages m JOIN reports r ON r.message_ref = m.id WHERE m.message_id = 'swaks-interop@client.test'
                        """);
                    Assert.Equal(("ESMTPS", "swaks.client.test", "TLSv1.3", "TLS_AES_256_GCM_SHA384"), row);
                }

                // And so does the real `tlsrelay report` verb, as a user would type it beside a running relay.
                var (reportExit, reportOutput) = await Tools.RunAsync("dotnet",
                [
                    Path.Combine(AppContext.BaseDirectory, "tlsrelay.dll"), "report", "<swaks-interop@client.test>", "--json",
                    $"--Storage:DataDirectory={dataDirectory}", "--Logging:LogLevel:Default=Warning",
                ]);
                Assert.True(reportExit == 0, "report failed:\n" + reportOutput);
                Assert.Contains("\"with\": \"ESMTPS\"", reportOutput, StringComparison.Ordinal);
                Assert.Contains("\"messageId\": \"swaks-interop@client.test\"", reportOutput, StringComparison.Ordinal);

                relay.Terminate();
                Assert.Equal(0, await relay.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            }

            // The relay stopped the server it started.
            Assert.False(File.Exists(Path.Combine(dataDirectory, Database.ClusterSubdirectory, "postmaster.pid")));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
