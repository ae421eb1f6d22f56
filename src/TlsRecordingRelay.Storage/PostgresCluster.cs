using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TlsRecordingRelay.Storage;

/// <summary>
/// A private PostgreSQL cluster run from the system binaries: unix socket only, inside its own directory, so
/// no TCP port can collide. Started here (and stopped on dispose), or attached to when a live postmaster
/// already serves the directory (then left running: it belongs to whoever started it, e.g. the relay).
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const int DefaultPort = 5432;

    private static readonly TimeSpan InitdbTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PgCtlTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan AttachTimeout = TimeSpan.FromSeconds(60);

    private readonly PostgresClusterSettings _settings;
    private readonly string _binDirectory;
    /// <summary>The OS user the server tools run as (via runuser) when we are root; null: as ourselves.</summary>
    private readonly string? _serverUser;
    private readonly ILogger _logger;
    private bool _running;

    private PostgresCluster(PostgresClusterSettings settings, string dataDirectory, string binDirectory, string? serverUser, ILogger logger)
    {
        _settings = settings;
        DataDirectory = dataDirectory;
        _binDirectory = binDirectory;
        _serverUser = serverUser;
        _logger = logger;
        SocketDirectory = dataDirectory;
        Port = DefaultPort;
    }

    /// <summary>The directory actually used (PGDATA): the requested one or its fallback.</summary>
    public string DataDirectory { get; }

    public string SocketDirectory { get; private set; }

    public int Port { get; private set; }

    /// <summary>True when this instance started the server (and so stops it on dispose); false when it attached.</summary>
    public bool OwnsServer { get; private set; }

    /// <summary>Starts a cluster in the settings' directory (initdb on first use), or attaches to the live server already there.</summary>
    public static async Task<PostgresCluster> StartOrAttachAsync(
        PostgresClusterSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        var binDirectory = PostgresBinaries.Locate(settings.BinDirectory);
        // PostgreSQL refuses to run as root ("root" execution ... is not permitted): hand it to another user.
        var requested = Path.GetFullPath(settings.DataDirectory);
        var serverUser = Environment.UserName == "root" ? await ServerUserAsync(requested, cancellationToken) : null;
        var placed = await PlaceAsync(requested, serverUser, logger, cancellationToken);
        var cluster = new PostgresCluster(settings, placed, binDirectory, serverUser, logger);
        await cluster.StartOrAttachAsync(cancellationToken);
        return cluster;
    }

    /// <summary>A connection string to <paramref name="database"/> over the unix socket, as the superuser.</summary>
    public string ConnectionString(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = SocketDirectory,
            Port = Port,
            Username = "postgres",
            Database = database,
            GssEncryptionMode = GssEncryptionMode.Disable,
        };
        return builder.ConnectionString;
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/> (tests: "the database is back").</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var options = $"-c port={Port} -c listen_addresses='' -k {DataDirectory}";
        if (!_settings.Durable)
        {
            // synchronous_commit stays on: with fsync off a commit is only a write() to the kernel, and it makes a
            // committed row survive an immediate stop (a simulated crash); async commit lost them (observed).
            options += " -c fsync=off -c full_page_writes=off";
        }

        var logFile = Path.Combine(DataDirectory, "server.log");
        var result = await RunToolAsync(
            "pg_ctl", ["start", "-D", DataDirectory, "-l", logFile, "-w", "-t", "60", "-s", "-o", options], PgCtlTimeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new PostgresClusterException(
                $"pg_ctl start failed for {DataDirectory} (exit {result.ExitCode}): {result.OneLineOutput()} | server.log: {LogTail(logFile)}");
        }

        _running = true;
        OwnsServer = true;
        SocketDirectory = DataDirectory;
        Log.ClusterStarted(_logger, DataDirectory, stopwatch.ElapsedMilliseconds);
    }

    /// <summary>Stops the server this instance started; attached servers are never stopped.</summary>
    public async Task StopAsync(PostgresShutdownMode mode, CancellationToken cancellationToken)
    {
        if (!OwnsServer || !_running)
        {
            return;
        }

        // Drop idle pooled connections to this server first: they would only fail on their next use.
        NpgsqlConnection.ClearAllPools();
        var modeWord = mode == PostgresShutdownMode.Immediate ? "immediate" : "fast";
        var result = await RunToolAsync(
            "pg_ctl", ["stop", "-D", DataDirectory, "-m", modeWord, "-w", "-t", "60", "-s"], PgCtlTimeout, cancellationToken);
        if (result.ExitCode != 0 && await IsRunningAsync(cancellationToken))
        {
            throw new PostgresClusterException($"pg_ctl stop failed for {DataDirectory} (exit {result.ExitCode}): {result.OneLineOutput()}");
        }

        _running = false;
        Log.ClusterStopped(_logger, DataDirectory, modeWord);
    }

    public async ValueTask DisposeAsync() => await StopAsync(PostgresShutdownMode.Fast, CancellationToken.None);

    /// <summary>
    /// Root runs the server as the owner of an existing cluster (the service user of a relay installed under
    /// systemd, say), else as <c>postgres</c>. Handing a service user's cluster to <c>postgres</c> would chown it
    /// away from the running relay, and <c>postgres</c> cannot even reach it inside a 700 state directory.
    /// </summary>
    private static async Task<string> ServerUserAsync(string requested, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(requested, "PG_VERSION")))
        {
            var owner = await ProcessRunner.RunAsync("stat", ["-c", "%U", requested], PgCtlTimeout, cancellationToken);
            var name = owner.ExitCode == 0 ? owner.OneLineOutput().Trim() : "";
            if (name.Length > 0 && name != "root" && name != "UNKNOWN")
            {
                return name;
            }
        }

        return "postgres";
    }

    private static async Task<string> PlaceAsync(string requested, string? serverUser, ILogger logger, CancellationToken cancellationToken)
    {
        var problem = ClusterPlacement.StaticProblem(requested, DefaultPort);
        if (problem is null && await TryPrepareDirectoryAsync(requested, serverUser, cancellationToken))
        {
            return requested;
        }

        var fallback = ClusterPlacement.Fallback(requested, serverUser is not null);
        Log.DataDirectoryFallback(logger, requested, fallback, problem ?? $"the {serverUser} user cannot reach it (a parent directory is not traversable)");
        return await TryPrepareDirectoryAsync(fallback, serverUser, cancellationToken)
            ? fallback
            : throw new PostgresClusterException($"The {serverUser ?? Environment.UserName} user cannot use {requested} nor the fallback {fallback}.");
    }

    /// <summary>Creates the directory (mode 700, as the server demands) owned by the server's user; false when that user cannot use it.</summary>
    private static async Task<bool> TryPrepareDirectoryAsync(string directory, string? serverUser, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (serverUser is null)
        {
            return true;
        }

        // The user's own group (chown USER: takes the login group), so postgres and service users alike.
        await RunCheckedAsync("chown", [serverUser + ":", directory], cancellationToken);
        // One probe as the server's user covers every parent: path resolution needs search permission on each.
        var probe = await ProcessRunner.RunAsync(
            "runuser", ["-u", serverUser, "--", "test", "-w", directory, "-a", "-x", directory], PgCtlTimeout, cancellationToken);
        return probe.ExitCode == 0;
    }

    private static async Task RunCheckedAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(tool, arguments, PgCtlTimeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new PostgresClusterException($"{tool} {string.Join(' ', arguments)} failed (exit {result.ExitCode}): {result.OneLineOutput()}");
        }
    }

    private static string LogTail(string logFile)
    {
        try
        {
            return string.Join(" | ", File.ReadLines(logFile).TakeLast(5));
        }
        catch (IOException)
        {
            return "(none)";
        }
        catch (UnauthorizedAccessException)
        {
            return "(unreadable)";
        }
    }

    private async Task StartOrAttachAsync(CancellationToken cancellationToken)
    {
        if (await TryAttachAsync(cancellationToken))
        {
            return;
        }

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await InitdbAsync(cancellationToken);
        }

        try
        {
            await StartAsync(cancellationToken);
        }
        catch (PostgresClusterException)
        {
            // Another process may have started the same cluster between our status check and our start: use its server.
            if (!await TryAttachAsync(cancellationToken))
            {
                throw;
            }
        }
    }

    private async Task<bool> TryAttachAsync(CancellationToken cancellationToken)
    {
        if (!await IsRunningAsync(cancellationToken))
        {
            return false;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(AttachTimeout);
        var pidFile = PostmasterPidFile.TryRead(DataDirectory);
        while (pidFile is not { IsReady: true })
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new PostgresClusterException(
                    $"The server in {DataDirectory} is running but not ready after {AttachTimeout.TotalSeconds:0} s (status '{pidFile?.Status}').");
            }

            pidFile = PostmasterPidFile.TryRead(DataDirectory);
        }

        SocketDirectory = string.IsNullOrEmpty(pidFile.SocketDirectory) ? DataDirectory : pidFile.SocketDirectory;
        Port = pidFile.Port;
        OwnsServer = false;
        _running = true;
        Log.ClusterAttached(_logger, DataDirectory, pidFile.Pid);
        return true;
    }

    private async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        // pg_ctl status: 0 = running (postmaster.pid names a live process), 3 = not running, 4 = no data directory.
        var result = await RunToolAsync("pg_ctl", ["status", "-D", DataDirectory], PgCtlTimeout, cancellationToken);
        return result.ExitCode == 0;
    }

    private async Task InitdbAsync(CancellationToken cancellationToken)
    {
        List<string> arguments =
            ["-D", DataDirectory, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "-U", "postgres", "--no-instructions"];
        if (!_settings.Durable)
        {
            arguments.Add("--no-sync");
        }

        // trust is safe here: the only way in is the unix socket inside a 700 directory owned by the server's user.
        var result = await RunToolAsync("initdb", arguments, InitdbTimeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new PostgresClusterException($"initdb failed for {DataDirectory} (exit {result.ExitCode}): {result.OneLineOutput()}");
        }

        Log.ClusterInitialized(_logger, DataDirectory, _binDirectory);
    }

    private Task<ProcessResult> RunToolAsync(string tool, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _serverUser is not null
            ? ProcessRunner.RunAsync("runuser", ["-u", _serverUser, "--", path, .. arguments], timeout, cancellationToken)
            : ProcessRunner.RunAsync(path, arguments, timeout, cancellationToken);
    }
}
