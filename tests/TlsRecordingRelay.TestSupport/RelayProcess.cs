using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace TlsRecordingRelay.TestSupport;

/// <summary>
/// The real <c>tlsrelay</c> executable in a child process, for what only a process can show: signals,
/// and independent clients (swaks) against a running relay. Endpoints are read from its log.
/// </summary>
public sealed partial class RelayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private RelayProcess(Process process) => _process = process;

    /// <summary>The HTTP API base address, once the relay logged it.</summary>
    public Uri? HttpAddress { get; private set; }

    public IPEndPoint? StartTlsEndPoint { get; private set; }

    public IPEndPoint? ImplicitTlsEndPoint { get; private set; }

    public string Output => string.Join("\n", _output);

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>dotnet tlsrelay.dll run ARGS</c> from the test's output directory and waits until it listens.</summary>
    public static async Task<RelayProcess> StartAsync(IEnumerable<string> args, bool implicitTls = false, TimeSpan? timeout = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "tlsrelay.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("run");
        // Never the default 8025: tests run side by side. A later --Http:Urls in args wins.
        info.ArgumentList.Add("--Http:Urls=http://127.0.0.1:0");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start tlsrelay");
        var relay = new RelayProcess(process);
        process.OutputDataReceived += (_, e) => relay.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => relay.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await relay.WaitForAsync(() => relay.StartTlsEndPoint is not null && (!implicitTls || relay.ImplicitTlsEndPoint is not null),
            timeout ?? TimeSpan.FromSeconds(60), "the relay to listen");
        return relay;
    }

    /// <summary>Polls until the condition holds (or the process dies) within the deadline.</summary>
    public async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited && !condition())
            {
                throw new InvalidOperationException($"tlsrelay exited ({_process.ExitCode}) while waiting for {what}:\n{Output}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout} for {what}:\n{Output}");
            }

            await Task.Delay(20);
        }
    }

    public bool Logged(string text) => _output.Any(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>Sends SIGTERM, as systemd and docker stop do.</summary>
    public void Terminate()
    {
        if (kill(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException("kill(SIGTERM) failed: " + Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>SIGKILL: the crash case (power cut, OOM killer): no drain, no cleanup, nothing flushed.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Terminate();
            try
            {
                await WaitForExitAsync(TimeSpan.FromSeconds(40));
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        var http = HttpListeningLine().Match(line);
        if (http.Success)
        {
            HttpAddress = new Uri(http.Groups["url"].Value);
        }

        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            var endPoint = IPEndPoint.Parse(match.Groups["ep"].Value);
            if (match.Groups["mode"].Value == "STARTTLS")
            {
                StartTlsEndPoint = endPoint;
            }
            else
            {
                ImplicitTlsEndPoint = endPoint;
            }
        }
    }

    [GeneratedRegex(@"SMTP listening on (?<ep>\S+) \((?<mode>STARTTLS|implicit TLS)\)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"HTTP listening on (?<url>http\S+)")]
    private static partial Regex HttpListeningLine();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
