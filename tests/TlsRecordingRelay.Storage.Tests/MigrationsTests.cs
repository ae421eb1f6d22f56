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
        Assert.Equal(["messages", "recipients", "reports", Migrations.JournalTable], tables);
        var journal = await connection.QueryAsync<string>($"SELECT scriptname FROM public.{Migrations.JournalTable}");
        Assert.Equal(["sql.0001_initial.sql"], journal);
    }

    [Fact]
    public async Task Migrations_run_concurrently_against_one_database_apply_each_script_once()
    {
        var connectionString = await fixture.CreateDatabaseAsync("concurrent");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.ExecuteAsync($"DROP TABLE reports, recipients, messages, public.{Migrations.JournalTable}");
        }

        await Task.WhenAll(Enumerable.Range(0, 3).Select(
            _ => Migrations.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None)));

        await using var check = new NpgsqlConnection(connectionString);
        Assert.Equal(1, await check.ExecuteScalarAsync<int>($"SELECT count(*) FROM public.{Migrations.JournalTable}"));
    }
}
