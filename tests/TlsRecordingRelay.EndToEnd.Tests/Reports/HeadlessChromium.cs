using System.Diagnostics;

namespace TlsRecordingRelay.EndToEnd.Tests.Reports;

/// <summary>
/// Runs the system's Chromium headless, once per page, with a fresh profile and nothing that reaches the network
/// on its own: <c>--dump-dom</c> prints the DOM after layout, <c>--screenshot</c> writes a PNG.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static string? Find() => Tools.Find("chromium") ?? Tools.Find("chromium-browser");

    public static async Task<string> DumpDomAsync(string chromium, Uri url)
    {
        var (exit, stdout, stderr) = await RunAsync(chromium, ["--dump-dom", url.AbsoluteUri]);
        Assert.True(exit == 0 && stdout.Length > 0, $"chromium --dump-dom exited {exit}:\n{stderr}");
        return stdout;
    }

    public static async Task ScreenshotAsync(string chromium, Uri url, string path, string windowSize = "1400,900")
    {
        File.Delete(path);
        var (exit, _, stderr) = await RunAsync(chromium, [$"--screenshot={path}", $"--window-size={windowSize}", "--hide-scrollbars", url.AbsoluteUri]);
        Assert.True(exit == 0 && File.Exists(path), $"chromium --screenshot exited {exit}:\n{stderr}");
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string chromium, IEnumerable<string> args)
    {
        var profile = Directory.CreateTempSubdirectory("tlsrelay-chromium-");
        try
        {
            var info = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
            // --no-sandbox: tests run as root, where Chromium's sandbox refuses to start.
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
                     }.Concat(args))
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within {Timeout}: {await stderr}");
            }

            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // best effort: a temp directory a late Chromium helper may still hold
            }
        }
    }
}
