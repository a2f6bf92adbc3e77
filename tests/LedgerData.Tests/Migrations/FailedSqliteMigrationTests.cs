using LedgerData.Migrations;
using LedgerData.Tests.Infrastructure;

namespace LedgerData.Tests.Migrations;

/// <summary>
/// SQLite scripts begin with BEGIN IMMEDIATE, which holds the database's only write lock until the transaction
/// ends; a script that fails must not leave that transaction open on a connection that lives on.
/// </summary>
public sealed class FailedSqliteMigrationTests
{
    [Test]
    public async Task A_failed_script_leaves_the_database_writable_and_none_of_its_changes_behind()
    {
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite);
        await database.ScalarAsync("CREATE TABLE checkout_attempts (id INTEGER)");
        var migrator = new SchemaMigrator(DatabaseProvider.Sqlite, database.ConnectionString);
        FluentActions.Invoking(() => migrator.Apply()).Should().Throw<SchemaMigrationException>();

        await using (var unitOfWork = await database.Factory.BeginAsync(TimeSpan.FromSeconds(2)))
        {
            await unitOfWork.ExecuteAsync("CREATE TABLE written_after_the_failure (id INTEGER)");
            await unitOfWork.CommitAsync();
        }

        var tables = await database.ScalarAsync("""
            SELECT group_concat(name, ',')
            FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)
            """);
        tables.Should().Be("checkout_attempts,written_after_the_failure", "the failed script was rolled back");
    }
}
