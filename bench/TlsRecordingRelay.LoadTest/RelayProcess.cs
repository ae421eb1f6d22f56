using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace TlsRecordingRelay.LoadTest;

/// <summary>
/// The real <c>tlsrelay run</c> under test, started with every route pointing at the sink and the embedded (fresh)
/// or a given database; stopped with SIGTERM so it drains and stops its embedded cluster itself.
/// </summary>
internal sealed class RelayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly string? _dataDirectory;

    private RelayProcess(Process process, StreamWriter log, string? dataDirectory)
    {
        _process = process;
        _log = log;
        _dataDirectory = dataDirectory;
    }

    public int Pid => _process.Id;

    /// <summary>The embedded cluster's directory (for the PostgreSQL CPU figure), or null with an external database.</summary>
    public string? ClusterDirectory => _dataDirectory is null ? null : Path.Combine(_dataDirectory, "postgres");

    public string LogPath { get; private init; } = string.Empty;

    public static async Task<RelayProcess> StartAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var executable = options.RelayExecutable ?? DefaultExecutable();
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"tlsrelay not found at {executable}: build src/TlsRecordingRelay in this configuration, or pass --relay-exe");
        }

        var work = Directory.CreateTempSubdirectory("tlsrelay-loadtest-").FullName;
        // The embedded cluster runs as the postgres user when we are root: it must be able to traverse here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(work, (UnixFileMode)0b111_101_101);
        }
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] settings =
        [
            "run",
            "--Smtp:Address=127.0.0.1",
            $"--Smtp:Port={options.RelayPort}",
            "--Smtp:Hostname=relay.loadtest.test",
            // The HTTP API is not under test; keep it off the ports other runs use.
            $"--Http:Urls=http://127.0.0.1:{options.RelayPort + 1}",
            $"--Storage:DataDirectory={Path.Combine(work, "var")}",
            $"--Delivery:Routes:*=127.0.0.1:{options.SinkPort}",
        ];
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        if (options.ConnectionString is not null)
        {
            start.ArgumentList.Add($"--ConnectionStrings:Reports={options.ConnectionString}");
        }

        if (options.CertificatePath is not null)
        {
            start.ArgumentList.Add($"--Smtp:CertificatePath={options.CertificatePath}");
            start.ArgumentList.Add($"--Smtp:CertificateKeyPath={options.CertificateKeyPath}");
        }

        foreach (var setting in options.RelaySettings)
        {
            start.ArgumentList.Add("--" + setting.TrimStart('-'));
        }

        var logPath = Path.Combine(work, "relay.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("tlsrelay did not start");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var relay = new RelayProcess(process, log, options.ConnectionString is null ? Path.Combine(work, "var") : null) { LogPath = logPath };
        try
        {
            await WaitForGreetingAsync(process, options.RelayPort, TimeSpan.FromSeconds(120), cancellationToken);
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }

        return relay;
    }

    /// <summary>Polls until the port answers with an SMTP greeting (the embedded cluster may need initdb first).</summary>
    public static async Task WaitForGreetingAsync(Process? process, int port, TimeSpan bound, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process is { HasExited: true })
            {
                throw new InvalidOperationException($"tlsrelay exited with {process.ExitCode} before listening");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                var buffer = new byte[512];
                using var read = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                read.CancelAfter(TimeSpan.FromSeconds(10));
                var n = await client.GetStream().ReadAsync(buffer, read.Token);
                if (n >= 3 && buffer[0] == '2' && buffer[1] == '2' && buffer[2] == '0')
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not yet.
            }

            if (deadline.Elapsed > bound)
            {
                throw new TimeoutException($"nothing greeted on 127.0.0.1:{port} within {bound.TotalSeconds:0} s");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the relay drains and stops the cluster it started (Process.Kill would be SIGKILL).
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        await _log.DisposeAsync();
        if (_dataDirectory is not null)
        {
            TryDelete(_dataDirectory); // the cluster; relay.log stays beside it for a look afterwards
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"# could not remove {directory}: {e.Message}");
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    /// <summary>src/TlsRecordingRelay/bin/CONFIGURATION/net10.0/tlsrelay of the checkout this tool was built in.</summary>
    private static string DefaultExecutable()
    {
        var configuration = typeof(RelayProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TlsRecordingRelay.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? throw new InvalidOperationException("cannot find the checkout (TlsRecordingRelay.sln); pass --relay-exe");
        return Path.Combine(root, "src", "TlsRecordingRelay", "bin", configuration, "net10.0", "tlsrelay");
    }
}
