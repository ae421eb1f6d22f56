using TlsRecordingRelay.Delivery;
using TlsRecordingRelay.Smtp;

namespace TlsRecordingRelay.EndToEnd.Tests.Deploy;

public sealed class SystemdUnitTests
{
    private const string UnitPath = "deploy/tlsrelay.service";
    private const string InstalledBinary = "/opt/tlsrelay/tlsrelay";

    private static readonly UnitFile Unit = new(RepositoryFiles.Read(UnitPath));

    [SkippableFact]
    public async Task The_unit_file_passes_systemd_analyze_verify()
    {
        var analyze = RequireSystemdAnalyze();

        var (exit, output) = await VerifyAsync(analyze, RepositoryFiles.Read(UnitPath));

        Assert.True(exit == 0, output);
        Assert.DoesNotContain(output.Split('\n'), line => line.Contains("tlsrelay.service", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Systemd_analyze_reports_an_unknown_key_so_the_check_above_has_teeth()
    {
        var analyze = RequireSystemdAnalyze();
        var broken = RepositoryFiles.Read(UnitPath).Replace("ProtectHome=yes", "ProtectHomes=yes", StringComparison.Ordinal);

        var (_, output) = await VerifyAsync(analyze, broken);

        Assert.Contains("Unknown key 'ProtectHomes'", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("User", "tlsrelay")]
    [InlineData("AmbientCapabilities", "CAP_NET_BIND_SERVICE")]
    [InlineData("CapabilityBoundingSet", "CAP_NET_BIND_SERVICE")]
    [InlineData("NoNewPrivileges", "yes")]
    [InlineData("ProtectSystem", "strict")]
    [InlineData("ProtectHome", "yes")]
    [InlineData("PrivateTmp", "yes")]
    [InlineData("StateDirectory", "tlsrelay")]
    [InlineData("ExecStart", InstalledBinary + " run")]
    public void The_unit_runs_unprivileged_and_sandboxed(string key, string value) =>
        Assert.Equal(value, Unit.Last("Service", key));

    [Fact]
    public void The_data_directory_is_the_state_directory_and_nothing_blocks_the_jit()
    {
        Assert.Contains("Storage__DataDirectory=/var/lib/tlsrelay", Unit.All("Service", "Environment"));
        Assert.Equal("/var/lib/tlsrelay", Unit.Last("Service", "WorkingDirectory"));
        Assert.Contains("AF_UNIX", Unit.Last("Service", "RestrictAddressFamilies"), StringComparison.Ordinal);
        // The .NET JIT needs writable+executable memory.
        Assert.Empty(Unit.All("Service", "MemoryDenyWriteExecute"));
    }

    [Fact]
    public void Stopping_leaves_the_drain_and_the_embedded_database_stop_enough_time()
    {
        Assert.Equal("SIGTERM", Unit.Last("Service", "KillSignal"));
        // mixed: only the relay gets SIGTERM; it stops its own PostgreSQL after draining.
        Assert.Equal("mixed", Unit.Last("Service", "KillMode"));
        Assert.Equal("on-failure", Unit.Last("Service", "Restart"));
        var stop = TimeSpan.FromSeconds(int.Parse(Unit.Last("Service", "TimeoutStopSec")!, System.Globalization.CultureInfo.InvariantCulture));
        // Counted as if the SMTP and delivery drains ran one after the other, plus the host's 10 s margin.
        var drains = new SmtpOptions().DrainTimeout + new DeliveryOptions().DrainTimeout + TimeSpan.FromSeconds(10);
        Assert.True(stop > drains, $"TimeoutStopSec {stop} must exceed {drains}");
    }

    private static string RequireSystemdAnalyze()
    {
        var analyze = Tools.Find("systemd-analyze");
        Skip.If(analyze is null && Environment.GetEnvironmentVariable("CI") is null,
            "systemd-analyze is not installed (deploy/install-prerequisites.sh)");
        Assert.True(analyze is not null, "systemd-analyze is required in CI");
        return analyze;
    }

    /// <summary>
    /// Verifies a copy whose ExecStart names an executable that exists here: verify refuses a missing binary, and
    /// /opt/tlsrelay exists only on an installed machine. Everything else is the shipped text.
    /// </summary>
    private static async Task<(int Exit, string Output)> VerifyAsync(string analyze, string unitText)
    {
        var built = Path.Combine(AppContext.BaseDirectory, "tlsrelay");
        var executable = File.Exists(built) ? built : Environment.ProcessPath!;
        Assert.Contains(InstalledBinary, unitText, StringComparison.Ordinal);
        var directory = Directory.CreateTempSubdirectory("tlsrelay-unit-");
        try
        {
            var copy = Path.Combine(directory.FullName, "tlsrelay.service");
            await File.WriteAllTextAsync(copy, unitText.Replace(InstalledBinary, executable, StringComparison.Ordinal));
            return await Tools.RunAsync(analyze, ["verify", copy]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
