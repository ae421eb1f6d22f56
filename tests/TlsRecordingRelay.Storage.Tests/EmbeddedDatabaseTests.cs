using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace TlsRecordingRelay.Storage.Tests;

/// <summary>The embedded default: each test starts its own durable cluster (no shared fixture).</summary>
public sealed class EmbeddedDatabaseTests
{
    private static readonly bool RunsAsRoot = Environment.UserName == "root";

    // Root chowns the fallback to postgres, so it must not sit in world-writable /var/tmp (see ClusterPlacement).
    private static readonly string FallbackPrefix = RunsAsRoot ? "/var/lib/tlsrelay/" : "/var/tmp/tlsrelay-";

    [Fact]
    public async Task The_embedded_cluster_starts_in_the_data_directory_and_a_second_open_attaches_without_stopping_it()
    {
        using var directory = new TemporaryDirectory();
        var configuration = StorageConfiguration(directory.Path);
        string pidFile;
        await using (var first = await Database.OpenAsync(configuration, NullLoggerFactory.Instance, CancellationToken.None))
        {
            Assert.True(first.OwnsServer);
            Assert.Equal(Path.Combine(directory.Path, Database.ClusterSubdirectory), first.EmbeddedDataDirectory);
            Assert.Equal(Database.EmbeddedDatabaseName, await CurrentDatabaseAsync(first.DataSource));
            pidFile = Path.Combine(first.EmbeddedDataDirectory!, "postmaster.pid");

            await using (var second = await Database.OpenAsync(configuration, NullLoggerFactory.Instance, CancellationToken.None))
            {
                Assert.False(second.OwnsServer);
                Assert.Equal(first.EmbeddedDataDirectory, second.EmbeddedDataDirectory);
                Assert.Equal(Database.EmbeddedDatabaseName, await CurrentDatabaseAsync(second.DataSource));
            }

            Assert.True(File.Exists(pidFile));
            Assert.Equal(Database.EmbeddedDatabaseName, await CurrentDatabaseAsync(first.DataSource));
        }

        // pg_ctl stop -w returns once the postmaster has removed its pid file.
        Assert.False(File.Exists(pidFile));
    }

    [Fact]
    public async Task A_data_directory_under_a_parent_the_postgres_user_cannot_traverse_falls_back_and_works()
    {
        if (!RunsAsRoot || !OperatingSystem.IsLinux())
        {
            return; // the permission problem exists only when the server runs as another user than we do
        }

        using var directory = new TemporaryDirectory();
        File.SetUnixFileMode(directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var requested = Path.Combine(directory.Path, "var");
        var logs = new RecordingLoggerFactory();

        await using (var handle = await Database.OpenAsync(StorageConfiguration(requested), logs, CancellationToken.None))
        {
            directory.AlsoDelete(handle.EmbeddedDataDirectory);
            Assert.StartsWith(FallbackPrefix, handle.EmbeddedDataDirectory, StringComparison.Ordinal);
            Assert.True(handle.OwnsServer);
            Assert.Equal(Database.EmbeddedDatabaseName, await CurrentDatabaseAsync(handle.DataSource));

            // Everyone asking for the same directory lands on the same fallback, and attaches there.
            await using var again = await Database.OpenAsync(StorageConfiguration(requested), NullLoggerFactory.Instance, CancellationToken.None);
            Assert.Equal(handle.EmbeddedDataDirectory, again.EmbeddedDataDirectory);
            Assert.False(again.OwnsServer);
        }

        var fallbackLine = Assert.Single(logs.Entries, e => e.EventId.Id == 3004);
        Assert.Equal(LogLevel.Warning, fallbackLine.Level);
        Assert.Contains(Path.Combine(requested, Database.ClusterSubdirectory), fallbackLine.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', fallbackLine.Message);
    }

    [Fact]
    public async Task Root_runs_a_service_users_cluster_as_that_user_and_leaves_its_ownership_alone()
    {
        if (!RunsAsRoot || !OperatingSystem.IsLinux())
        {
            return; // only root switches users
        }

        // The systemd layout: a 700 state directory owned by the service user ("nobody" stands in for it), holding
        // the cluster the relay made. An operator's `tlsrelay report` as root must use that cluster, not re-own it.
        using var directory = new TemporaryDirectory();
        var state = Path.Combine(directory.Path, "state");
        var data = Path.Combine(state, Database.ClusterSubdirectory);
        Directory.CreateDirectory(data);
        await RunAsync("chown", "-R", "nobody:", state);
        await RunAsync("chmod", "-R", "700", state);
        var initdb = Path.Combine(PostgresBinaries.Locate(null), "initdb");
        await RunAsync("runuser", "-u", "nobody", "--", initdb, "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "--no-instructions");

        await using (var handle = await Database.OpenAsync(StorageConfiguration(state), NullLoggerFactory.Instance, CancellationToken.None))
        {
            Assert.Equal(data, handle.EmbeddedDataDirectory);
            Assert.True(handle.OwnsServer);
            Assert.Equal(Database.EmbeddedDatabaseName, await CurrentDatabaseAsync(handle.DataSource));
            Assert.Equal("nobody", await RunAsync("stat", "-c", "%U", data));
            var pid = File.ReadLines(Path.Combine(data, "postmaster.pid")).First();
            Assert.Equal("nobody", await RunAsync("ps", "-o", "user=", "-p", pid));
        }
    }

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var errors = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"{tool} exited {process.ExitCode}: {await errors}");
        return (await output).Trim();
    }

    [Fact]
    public async Task A_data_directory_too_long_for_a_unix_socket_falls_back_and_works()
    {
        using var directory = new TemporaryDirectory();
        var requested = Path.Combine(directory.Path, new string('d', 90));

        await using var handle = await Database.OpenAsync(StorageConfiguration(requested), NullLoggerFactory.Instance, CancellationToken.None);
        directory.AlsoDelete(handle.EmbeddedDataDirectory);

        Assert.StartsWith(FallbackPrefix, handle.EmbeddedDataDirectory, StringComparison.Ordinal);
        Assert.Equal(Database.EmbeddedDatabaseName, await CurrentDatabaseAsync(handle.DataSource));
    }

    [Fact]
    public async Task A_bin_directory_without_postgres_binaries_fails_with_one_clear_line()
    {
        using var directory = new TemporaryDirectory();
        var configuration = StorageConfiguration(
            Path.Combine(directory.Path, "var"), ("Storage:PostgresBinDirectory", directory.Path));

        var error = await Assert.ThrowsAsync<PostgresBinariesNotFoundException>(
            () => Database.OpenAsync(configuration, NullLoggerFactory.Instance, CancellationToken.None));

        Assert.Contains(directory.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("initdb", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(Directory.Exists(Path.Combine(directory.Path, "var")));
    }

    [Fact]
    public async Task An_empty_data_directory_setting_is_refused()
    {
        var configuration = StorageConfiguration(string.Empty);

        await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => Database.OpenAsync(configuration, NullLoggerFactory.Instance, CancellationToken.None));
    }

    internal static IConfiguration StorageConfiguration(string dataDirectory, params (string Key, string Value)[] more) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(
                more.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value))
                    .Append(new KeyValuePair<string, string?>("Storage:DataDirectory", dataDirectory)))
            .Build();

    internal static async Task<string?> CurrentDatabaseAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT current_database()");
        return (string?)await command.ExecuteScalarAsync();
    }
}
