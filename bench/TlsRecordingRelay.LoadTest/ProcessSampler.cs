using System.Globalization;

namespace TlsRecordingRelay.LoadTest;

/// <summary>
/// Samples a process from /proc while the run lasts: peak resident set (VmRSS every 100 ms, and the kernel's
/// own VmHWM) and CPU time (utime + stime); plus, when given, the embedded PostgreSQL's CPU (postmaster,
/// its live backends and the children it has reaped).
/// </summary>
internal sealed class ProcessSampler : IAsyncDisposable
{
    // USER_HZ: the unit of /proc/PID/stat times; 100 on every Linux ABI .NET runs on.
    private const double TicksPerSecond = 100;
    private readonly int _pid;
    private readonly int? _postmaster;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _cpuStart;
    private long _pgStart;

    public ProcessSampler(int pid, string? clusterDirectory)
    {
        _pid = pid;
        _postmaster = PostmasterOf(clusterDirectory);
        _sampling = SampleAsync(_stop.Token);
    }

    /// <summary>Largest VmRSS seen since the last <see cref="Restart"/>, in bytes.</summary>
    public long PeakRssBytes { get; private set; }

    /// <summary>Largest VmRSS since the process started (VmHWM), in bytes.</summary>
    public long HighWaterRssBytes => StatusKb(_pid, "VmHWM:") * 1024;

    public double CpuSeconds => (CpuTicks(_pid, children: false) - _cpuStart) / TicksPerSecond;

    public double? PostgresCpuSeconds => _postmaster is { } pm ? (PostgresTicks(pm) - _pgStart) / TicksPerSecond : null;

    /// <summary>Starts the measured part: CPU counters and the RSS peak from here.</summary>
    public void Restart()
    {
        _cpuStart = CpuTicks(_pid, children: false);
        _pgStart = _postmaster is { } pm ? PostgresTicks(pm) : 0;
        PeakRssBytes = StatusKb(_pid, "VmRSS:") * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sampling;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var rss = StatusKb(_pid, "VmRSS:") * 1024;
            if (rss > PeakRssBytes)
            {
                PeakRssBytes = rss;
            }
        }
    }

    private static int? PostmasterOf(string? clusterDirectory)
    {
        var file = clusterDirectory is null ? null : Path.Combine(clusterDirectory, "postmaster.pid");
        if (file is null || !File.Exists(file))
        {
            return null;
        }

        // postmaster.pid: the first line is the PID.
        return int.TryParse(File.ReadLines(file).FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static long PostgresTicks(int postmaster)
    {
        var total = CpuTicks(postmaster, children: true);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) || pid == postmaster)
            {
                continue;
            }

            var fields = StatFields(pid);
            if (fields is not null && fields[1] == postmaster.ToString(CultureInfo.InvariantCulture))
            {
                total += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    // proc(5): after "pid (comm) " come state, ppid, ... utime (14th field overall), stime, cutime, cstime.
    private static long CpuTicks(int pid, bool children)
    {
        var f = StatFields(pid);
        if (f is null)
        {
            return 0;
        }

        var ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        return children ? ticks + long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture) : ticks;
    }

    /// <summary>The fields after "(comm) ": [0] = state, [1] = ppid, [11] = utime, [12] = stime, [13] = cutime, [14] = cstime.</summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // gone
        }
    }

    private static long StatusKb(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone.
        }

        return 0;
    }
}
