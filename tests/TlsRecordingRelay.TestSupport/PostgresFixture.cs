using DotNet.Testcontainers.Configurations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Testcontainers.PostgreSql;
using TlsRecordingRelay.Storage;
using Xunit;

namespace TlsRecordingRelay.TestSupport;

/// <summary>
/// A real PostgreSQL for tests, shared by a test collection or class (xunit <c>ICollectionFixture</c>/<c>IClassFixture</c>).
///
/// Where the server comes from, first match wins:
///   1. env <c>TLSRELAY_TEST_DB</c>: a connection string to a server you run (its user must be allowed to CREATE DATABASE);
///   2. Testcontainers (<c>postgres:16-alpine</c>) when a Docker engine answers;
///   3. a throwaway <see cref="PostgresCluster"/> from the system binaries in a temp directory, fsync off
///      (what CI on this machine uses; no binaries → the test fails with <see cref="PostgresBinariesNotFoundException"/>).
///
/// Use:
///   <c>var cs = await fixture.CreateDatabaseAsync("e2e");</c> gives a fresh, uniquely named, migrated database per
///   test (or class): tests never see each other's rows. <see cref="AdminConnectionString"/> reaches the maintenance db.
///   <see cref="StopServerAsync"/> / <see cref="StartServerAsync"/> simulate "database down" and "back" (cluster path
///   only; otherwise they throw <see cref="NotSupportedException"/>). A data source built before the stop keeps
///   broken idle connections: call <c>NpgsqlDataSource.Clear()</c> after the restart, or expect one failure per pooled connection.
///   Disposal clears the pools, stops the server (immediate: nothing to keep) and deletes its directory.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string ConnectionStringVariable = "TLSRELAY_TEST_DB";

    private PostgreSqlContainer? _container;
    private PostgresCluster? _cluster;
    private string? _clusterRoot;

    /// <summary>Superuser connection to the maintenance database; valid after <see cref="InitializeAsync"/>.</summary>
    public string AdminConnectionString { get; private set; } = string.Empty;

    /// <summary>Which of the three sources serves this run: "environment", "testcontainers" or "cluster".</summary>
    public string Source { get; private set; } = string.Empty;

    /// <summary>True when <see cref="StopServerAsync"/>/<see cref="StartServerAsync"/> work (the throwaway cluster).</summary>
    public bool CanStopServer => _cluster is not null;

    public async Task InitializeAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            AdminConnectionString = fromEnvironment;
            Source = "environment";
            return;
        }

        if (await TryStartContainerAsync())
        {
            return;
        }

        _clusterRoot = Path.Combine(Path.GetTempPath(), "tlsrelay-test-" + Guid.NewGuid().ToString("N")[..12]);
        // testing__: fsync off (no power cut to survive); commits still survive StopServerAsync's immediate stop.
        _cluster = await PostgresCluster.StartOrAttachAsync(
            new PostgresClusterSettings(_clusterRoot, BinDirectory: null, Durable: false),
            NullLogger.Instance,
            CancellationToken.None);
        AdminConnectionString = _cluster.ConnectionString("postgres");
        Source = "cluster";
    }

    /// <summary>Creates a fresh database (name: prefix + random suffix), applies the migrations, returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null, CancellationToken ct = default)
    {
        var name = ((prefix ?? "test") + "_" + Guid.NewGuid().ToString("N")).ToLowerInvariant();
        name = name.Length > 63 ? name[^63..] : name; // NAMEDATALEN - 1
        await Database.EnsureDatabaseAsync(AdminConnectionString, name, NullLogger.Instance, ct);
        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        await Migrations.ApplyAsync(connectionString, NullLogger.Instance, ct);
        return connectionString;
    }

    /// <summary>Kills the server (immediate shutdown): the "database is down" case.</summary>
    public Task StopServerAsync() =>
        RequireCluster().StopAsync(PostgresShutdownMode.Immediate, CancellationToken.None);

    /// <summary>Starts the server again after <see cref="StopServerAsync"/>.</summary>
    public Task StartServerAsync() => RequireCluster().StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.StopAsync(PostgresShutdownMode.Immediate, CancellationToken.None);
        }

        if (_clusterRoot is not null && Directory.Exists(_clusterRoot))
        {
            Directory.Delete(_clusterRoot, recursive: true);
        }
    }

    private PostgresCluster RequireCluster() => _cluster ?? throw new NotSupportedException(
        $"Stopping and starting the server needs the throwaway cluster; this run uses {Source}.");

    private async Task<bool> TryStartContainerAsync()
    {
        try
        {
            if (TestcontainersSettings.OS.DockerEndpointAuthConfig is null)
            {
                return false;
            }

            _container = new PostgreSqlBuilder("postgres:16-alpine").Build();
            await _container.StartAsync();
            AdminConnectionString = _container.GetConnectionString();
            Source = "testcontainers";
            return true;
        }
#pragma warning disable CA1031 // any Docker trouble means "no Docker": fall through to the local cluster
        catch (Exception)
#pragma warning restore CA1031
        {
            if (_container is not null)
            {
                await _container.DisposeAsync();
                _container = null;
            }

            return false;
        }
    }
}
