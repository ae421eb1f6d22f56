using System.Globalization;
using System.Net;
using Dapper;
using Npgsql;

namespace TlsRecordingRelay.Faults.Tests;

/// <summary>
/// One fault scenario's moving parts: a database, the real <c>tlsrelay</c> process (restartable on the same
/// database and data directory), its next hop on loopback, and read-back helpers. Disposal kills whatever
/// relay is still running and deletes the data directory, whether the test passed or not.
/// </summary>
internal sealed class FaultRig : IAsyncDisposable
{
    /// <summary>Seconds the drain may take: SMTP sessions, then the delivery batch on the wire.</summary>
    public static readonly TimeSpan SmtpDrain = TimeSpan.FromSeconds(10);

    private readonly List<RelayProcess> _relays = [];
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("tlsrelay-faults-").FullName;
    private readonly int _nextHopPort;
    private volatile RelayProcess? _current;

    public FaultRig(string connectionString, int nextHopPort)
    {
        ConnectionString = connectionString;
        _nextHopPort = nextHopPort;
    }

    public string ConnectionString { get; }

    /// <summary>The relay started last (running or not).</summary>
    public RelayProcess Relay => _current ?? throw new InvalidOperationException("no relay started");

    /// <summary>For <see cref="LoadOptions.Target"/>: the running relay's STARTTLS port, or null while none runs.</summary>
    public IPEndPoint? Target() => _current is { HasExited: false } relay ? relay.StartTlsEndPoint : null;

    /// <summary>
    /// Starts the relay: delivery to the next hop, fast retries (1 s, 2 s), a lease short enough that a killed
    /// relay's claims come back within the test (Lease must exceed ConnectTimeout + CommandTimeout).
    /// </summary>
    public async Task<RelayProcess> StartRelayAsync(params string[] extra)
    {
        string[] args =
        [
            $"--ConnectionStrings:Reports={ConnectionString}",
            $"--Storage:DataDirectory={_dataDirectory}",
            "--Smtp:Hostname=relay.faults.test",
            "--Smtp:Port=0",
            "--Smtp:ReverseDns=false",
            "--Smtp:DrainTimeout=" + SmtpDrain.ToString("c", CultureInfo.InvariantCulture),
            $"--Delivery:Routes:*=127.0.0.1:{_nextHopPort}",
            "--Delivery:Workers=4",
            "--Delivery:InitialBackoff=00:00:01",
            "--Delivery:MaximumBackoff=00:00:02",
            "--Delivery:PollInterval=00:00:01",
            "--Delivery:ConnectTimeout=00:00:05",
            "--Delivery:CommandTimeout=00:00:10",
            "--Delivery:Lease=00:00:20",
            "--Delivery:DrainTimeout=00:00:05",
            // Per-message lines would be thousands; keep what RelayProcess reads (listening, draining) and warnings.
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:TlsRecordingRelay.Smtp.Listener=Information",
            "--Logging:LogLevel:TlsRecordingRelay.Smtp.SmtpRelayService=Information",
            "--Logging:LogLevel:TlsRecordingRelay.RelayInstance=Information",
            .. extra,
        ];
        var relay = await RelayProcess.StartAsync(args, timeout: TimeSpan.FromSeconds(90));
        _relays.Add(relay);
        _current = relay;
        return relay;
    }

    /// <summary>The queue ids of <paramref name="queueIds"/> that have no row in <c>messages</c>.</summary>
    public async Task<IReadOnlyList<string>> NotStoredAsync(IEnumerable<string> queueIds)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        var stored = (await connection.QueryAsync<string>("SELECT queue_id FROM messages")).ToHashSet(StringComparer.Ordinal);
        return [.. queueIds.Where(id => !stored.Contains(id))];
    }

    /// <summary><see cref="Poll.UntilAsync(Func{bool}, TimeSpan, string)"/> whose failure says where things stood (load summary, queue).</summary>
    public Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, Func<string> state) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what, state);

    public async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string> state)
    {
        try
        {
            await Poll.UntilAsync(condition, timeout, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} {state()}; queue: {await QueueStateAsync()}; relay output tail:\n"
                                       + string.Join("\n", Relay.Output.Split('\n').TakeLast(30)), e);
        }
    }

    /// <summary>
    /// What a 250 promises: each accepted message is stored under the queue id its client was given, and arrives
    /// at the next hop; then waits for the queue to settle, so the sink's duplicate count is final.
    /// </summary>
    public async Task ExpectEveryAcceptedDeliveredAsync(LoadRun run, SinkTally tally, TimeSpan timeout)
    {
        var accepted = run.With(MessageOutcome.Accepted).ToList();
        Assert.Empty(await NotStoredAsync(accepted.Select(m => m.QueueId!)));
        await WaitForArrivalsAsync(tally, [.. accepted.Select(m => m.Token)], timeout);
        await WaitForQueueSettledAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Polls until every token has arrived at the sink at least once; the failure names what is missing and the queue state.</summary>
    public async Task WaitForArrivalsAsync(SinkTally tally, IReadOnlyCollection<string> tokens, TimeSpan timeout)
    {
        try
        {
            await Poll.UntilAsync(() => tally.Missing(tokens).Count == 0, timeout, $"{tokens.Count} accepted messages to arrive at the next hop");
        }
        catch (TimeoutException e)
        {
            var missing = tally.Missing(tokens);
            throw new TimeoutException($"{e.Message} Missing {missing.Count}, e.g. {string.Join(", ", missing.Take(5))}; queue: {await QueueStateAsync()}", e);
        }
    }

    /// <summary>Polls until no recipient is queued, deferred or leased: nothing more can arrive, so counts are final.</summary>
    public async Task WaitForQueueSettledAsync(TimeSpan timeout)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await UntilAsync(
            async () => await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM recipients WHERE status NOT IN ('delivered', 'bounced')") == 0,
            timeout, "the queue to settle", () => string.Empty);
    }

    /// <summary>Recipient states by count, for a failure message ("queued=3, sending=20").</summary>
    public async Task<string> QueueStateAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        var rows = await connection.QueryAsync<(string Status, long Count)>("SELECT status, count(*) FROM recipients GROUP BY status ORDER BY status");
        return string.Join(", ", rows.Select(r => $"{r.Status}={r.Count}"));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var relay in _relays)
        {
            if (!relay.HasExited)
            {
                relay.Kill(); // cleanup after a failure: nothing to drain, the database is thrown away
                await relay.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }

            await relay.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open by a dying process: the temp directory is cleaned by the OS
        }
    }
}
