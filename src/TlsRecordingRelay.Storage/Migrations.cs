using DbUp;
using DbUp.Engine;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TlsRecordingRelay.Storage;

/// <summary>
/// Applies the numbered, forward-only scripts of <c>sql/</c> (embedded as <c>sql.NNNN_name.sql</c>).
/// DbUp, a maintained migration library, is used instead of a hand-written runner: it already solves the
/// journal (which script ran when), ordering, one transaction per script and PostgreSQL's script splitting,
/// and it stays plain SQL files that a DBA can read and apply by hand.
/// </summary>
public static class Migrations
{
    public const string JournalSchema = "public";

    public const string JournalTable = "schemaversions";

    private const string ResourcePrefix = "sql.";

    // Any constant shared by every relay process: serialises nodes that start together against one database.
    private const long AdvisoryLockKey = 0x544C_5352_4D49_4752; // "TLSRMIGR"

    /// <summary>Brings the database up to date; idempotent, safe to call from several processes at once.</summary>
    public static async Task ApplyAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { GssEncryptionMode = GssEncryptionMode.Disable };

        // DbUp has no cross-process lock: hold a transaction-scoped advisory lock (per database) meanwhile. Not a
        // session lock: a pooled connection keeps its session after Close, and so would keep the lock.
        await using var lockConnection = new NpgsqlConnection(builder.ConnectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using var lockTransaction = await lockConnection.BeginTransactionAsync(cancellationToken);
        await using (var takeLock = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", lockConnection, lockTransaction))
        {
            takeLock.CommandTimeout = 0; // wait as long as another node's migration takes
            await takeLock.ExecuteNonQueryAsync(cancellationToken);
        }

        var engine = DeployChanges.To
            .PostgresqlDatabase(builder.ConnectionString)
            .WithScriptsEmbeddedInAssembly(
                typeof(Migrations).Assembly,
                name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .JournalToPostgresqlTable(JournalSchema, JournalTable)
            .WithTransactionPerScript()
            .LogTo(logger)
            .Build();

        // DbUp is synchronous; run it off the caller's thread. It cannot be cancelled once a script runs.
        var result = await Task.Run(engine.PerformUpgrade, cancellationToken);
        if (!result.Successful)
        {
            throw new MigrationException(
                $"Migration {result.ErrorScript?.Name ?? "(unknown)"} failed: {result.Error?.Message}", result.Error);
        }

        await lockTransaction.CommitAsync(cancellationToken); // releases the lock (a rollback on failure does too)
        Log.MigrationsApplied(logger, result.Scripts.Count(), builder.Database);
    }
}
