using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TlsRecordingRelay.TestSupport;

namespace TlsRecordingRelay.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class MigrationsTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Migrations_apply_twice_without_error_and_create_the_tables()
    {
        var connectionString = await fixture.CreateDatabaseAsync("migrate"); // first run inside

        await Migrations.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None);

        await using var connection = new NpgsqlConnection(connectionString);
        var tables = await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
        Assert.Subset(tables.ToHashSet(), new HashSet<string> { "messages", "recipients", "reports", Migrations.JournalTable });
        var journal = await connection.QueryAsync<string>($"SELECT scriptname FROM public.{Migrations.JournalTable} ORDER BY scriptname");
        Assert.Equal(EmbeddedScripts(), journal);
    }

    [Fact]
    public async Task Migrations_run_concurrently_against_one_database_apply_each_script_once()
    {
        // A fresh, never-migrated database (CreateDatabaseAsync would migrate it).
        var name = "concurrent_" + Guid.NewGuid().ToString("N");
        await Database.EnsureDatabaseAsync(fixture.AdminConnectionString, name, NullLogger.Instance, CancellationToken.None);
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.AdminConnectionString) { Database = name }.ConnectionString;

        await Task.WhenAll(Enumerable.Range(0, 3).Select(
            _ => Migrations.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None)));

        await using var check = new NpgsqlConnection(connectionString);
        Assert.Equal(EmbeddedScripts().Count, await check.ExecuteScalarAsync<int>($"SELECT count(*) FROM public.{Migrations.JournalTable}"));
    }

    private static List<string> EmbeddedScripts() =>
        [.. typeof(Migrations).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("sql.", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
