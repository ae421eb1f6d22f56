using System.Diagnostics;

namespace TlsRecordingRelay.Storage;

/// <summary>Runs a command-line tool to completion with a deadline, capturing its output; never through a shell.</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // The postgres user may not be able to enter our working directory (e.g. /root): tools warn or fail there.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PostgresClusterException($"Cannot run {fileName}: {e.Message}", e);
        }

        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the deadline and the kill.
            }

            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new PostgresClusterException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', startInfo.ArgumentList)} did not finish within {timeout.TotalSeconds:0} s.");
        }
    }
}
