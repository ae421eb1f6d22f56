using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using TlsRecordingRelay.Core.Hops;
using TlsRecordingRelay.Milter.Analysis;
using TlsRecordingRelay.Storage.Milter;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.Milter.Tests.Interop;

/// <summary>
/// Our milter on a loopback port bound to 0 (reject on a plaintext chain for <c>protected.test</c>), its report
/// database, and a private Postfix calling it. The milter can be stopped and started again on the same port.
/// </summary>
internal sealed class MilterRig : IAsyncDisposable
{
    private MilterRig(NpgsqlDataSource database, MilterListener milter, PrivatePostfix postfix)
    {
        Database = database;
        Milter = milter;
        Postfix = postfix;
        MilterPort = ((IPEndPoint)milter.LocalEndPoint!).Port;
    }

    public NpgsqlDataSource Database { get; }

    public MilterListener? Milter { get; private set; }

    public PrivatePostfix Postfix { get; }

    public int MilterPort { get; }

    public static async Task<MilterRig> StartAsync(PostgresFixture postgres)
    {
        var database = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("milter_pf"));
        var milter = await StartListenerAsync(database, "inet:127.0.0.1:0");
        return new MilterRig(database, milter, await PrivatePostfix.StartAsync(((IPEndPoint)milter.LocalEndPoint!).Port));
    }

    public async Task StopMilterAsync()
    {
        if (Milter is { } milter)
        {
            Milter = null;
            await milter.StopAsync(CancellationToken.None);
            milter.Dispose();
        }
    }

    public async Task StartMilterAgainAsync() => Milter = await StartListenerAsync(Database, $"inet:127.0.0.1:{MilterPort}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Postfix.DisposeAsync();
            await StopMilterAsync();
        }
        finally
        {
            await Database.DisposeAsync();
        }
    }

    private static async Task<MilterListener> StartListenerAsync(NpgsqlDataSource database, string listen)
    {
        var options = new MilterOptions
        {
            Enabled = true,
            Listen = listen,
            OnPlaintextChain = PlaintextChainAction.Reject,
            ProtectedDomains = ["protected.test"],
        };
        var listener = new MilterListener(Options.Create(options), new MessageAnalyzer(options, HopAnalyzer.Default, TimeProvider.System),
            new MilterReportRepository(database), NullLogger<MilterListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        return listener;
    }
}
