using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TlsRecordingRelay.Storage;

/// <summary>Opens the relay's database: <c>ConnectionStrings:Reports</c> when set, else the embedded cluster.</summary>
public static class Database
{
    /// <summary>The database the embedded cluster serves the relay from (created on first start; <c>postgres</c> stays the maintenance db).</summary>
    public const string EmbeddedDatabaseName = "tlsrelay";

    /// <summary>Subdirectory of <c>Storage:DataDirectory</c> holding the cluster (the data directory also keeps e.g. the certificate).</summary>
    public const string ClusterSubdirectory = "postgres";

    /// <summary>
    /// Returns a handle to the configured database. An external database (<c>ConnectionStrings:Reports</c>) must
    /// already exist; the embedded one is started (or attached to) under <c>Storage:DataDirectory</c> and its
    /// <see cref="EmbeddedDatabaseName"/> database created when missing. Migrations are separate: <see cref="Migrations.ApplyAsync"/>.
    /// </summary>
    public static async Task<DatabaseHandle> OpenAsync(
        IConfiguration configuration, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger(typeof(Database).FullName!);
        var external = configuration.GetConnectionString("Reports");
        if (!string.IsNullOrWhiteSpace(external))
        {
            var builder = new NpgsqlConnectionStringBuilder(external);
            Log.ExternalDatabase(logger, builder.Host, builder.Database);
            return new DatabaseHandle(external, cluster: null);
        }

        var options = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        var validation = new StorageOptionsValidator().Validate(StorageOptions.SectionName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(StorageOptions.SectionName, typeof(StorageOptions), validation.Failures);
        }

        var settings = new PostgresClusterSettings(
            Path.Combine(Path.GetFullPath(options.DataDirectory), ClusterSubdirectory), options.PostgresBinDirectory);
        var cluster = await PostgresCluster.StartOrAttachAsync(settings, loggerFactory.CreateLogger<PostgresCluster>(), cancellationToken);
        try
        {
            await EnsureDatabaseAsync(cluster.ConnectionString("postgres"), EmbeddedDatabaseName, logger, cancellationToken);
            return new DatabaseHandle(cluster.ConnectionString(EmbeddedDatabaseName), cluster);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates <paramref name="database"/> through the maintenance connection unless it exists.</summary>
    public static async Task EnsureDatabaseAsync(
        string maintenanceConnectionString, string database, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = new NpgsqlConnection(maintenanceConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = database });
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }
        }

        // CREATE DATABASE takes no parameters: quote the identifier instead ("" escapes a quote).
        var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var create = new NpgsqlCommand("CREATE DATABASE " + quoted, connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
            Log.DatabaseCreated(logger, database);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another process created it between our check and our CREATE: that is what we wanted.
        }
    }
}
