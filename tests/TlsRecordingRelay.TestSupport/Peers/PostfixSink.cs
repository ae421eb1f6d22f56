using System.Diagnostics;
using System.Globalization;

namespace TlsRecordingRelay.TestSupport.Peers;

/// <summary>
/// A real Postfix receiving on 127.0.0.1:PORT via <c>peers/tls-sink.sh</c> (a private instance that keeps
/// every message in one Maildir and records the TLS of each in its own Received line). Ports 10025–10099 only.
/// </summary>
public sealed class PostfixSink : IAsyncDisposable
{
    private PostfixSink(int port) => Port = port;

    public int Port { get; }

    /// <summary>Where the peer scripts live: env <c>TLSRELAY_PEERS_DIR</c>, else <c>/work/shared/peers</c>.</summary>
    public static string ScriptsDirectory =>
        Environment.GetEnvironmentVariable("TLSRELAY_PEERS_DIR") is { Length: > 0 } dir ? dir : "/work/shared/peers";

    private static string Script => Path.Combine(ScriptsDirectory, "tls-sink.sh");

    /// <summary>Null when Postfix and the scripts are here; otherwise what is missing.</summary>
    public static string? MissingTool()
    {
        if (!File.Exists(Script))
        {
            return $"{Script} not found";
        }

        return File.Exists("/usr/sbin/postfix") ? null : "postfix is not installed (run peers/install.sh)";
    }

    /// <summary>Starts a fresh sink: mode <c>tls</c>, <c>notls</c> or <c>requiretls</c>; old mail and log cleared.</summary>
    public static async Task<PostfixSink> StartAsync(int port, string mode)
    {
        var portText = port.ToString(CultureInfo.InvariantCulture);
        await RunAsync(allowFailure: true, "stop", portText);
        await RunAsync(allowFailure: false, "clear", portText);
        await RunAsync(allowFailure: false, "start", portText, mode);
        return new PostfixSink(port);
    }

    // `count` prints the number but exits 1 while the Maildir is still empty.
    public async Task<int> CountAsync() =>
        int.Parse((await RunAsync(allowFailure: true, "count", Port.ToString(CultureInfo.InvariantCulture))).Trim(), CultureInfo.InvariantCulture);

    /// <summary>The <c>report</c> lines: file, Message-ID, TLS protocol + cipher, protocol.</summary>
    public Task<string> ReportAsync() => RunAsync(allowFailure: false, "report", Port.ToString(CultureInfo.InvariantCulture));

    /// <summary>The delivered messages as Postfix stored them (its Received line first).</summary>
    public async Task<IReadOnlyList<string>> MessagesAsync()
    {
        var maildir = (await RunAsync(allowFailure: false, "maildir", Port.ToString(CultureInfo.InvariantCulture))).Trim();
        var directory = Path.Combine(maildir, "new");
        return Directory.Exists(directory) ? [.. Directory.GetFiles(directory).Order().Select(File.ReadAllText)] : [];
    }

    public async ValueTask DisposeAsync() => await RunAsync(allowFailure: true, "stop", Port.ToString(CultureInfo.InvariantCulture));

    private static async Task<string> RunAsync(bool allowFailure, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120)); // start may install packages first
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException($"tls-sink.sh {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}{await stdout}");
        }

        return await stdout;
    }
}
