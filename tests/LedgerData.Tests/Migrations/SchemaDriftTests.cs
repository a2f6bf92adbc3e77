using LedgerData.Migrations;
using LedgerData.Tests.Infrastructure;

namespace LedgerData.Tests.Migrations;

/// <summary>
/// A table that already exists under one of the scripts' names but with other columns is schema drift: the script
/// must fail on it rather than keep it and record its version as if the schema were right.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class SchemaDriftTests(DatabaseProvider provider)
{
    [TestCase("operation_ledger", "001")]
    [TestCase("checkout_attempts", "001")]
    [TestCase("reservations", "002")]
    public async Task A_leftover_table_with_other_columns_fails_its_script_and_its_version_is_not_recorded(
        string table, string version)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        await database.ScalarAsync($"CREATE TABLE {table} (id integer)");
        var migrator = new SchemaMigrator(provider, database.ConnectionString);
        var failing = migrator.Scripts.Single(script => script.Version == version);

        var apply = () => migrator.Apply();

        apply.Should().Throw<SchemaMigrationException>()
            .WithMessage($"The migration script {failing.Name} failed*")
            .Which.ScriptName.Should().Be(failing.Name);
        migrator.GetPendingScripts().Should().Equal(
            migrator.Scripts.SkipWhile(script => script != failing),
            "the failed script and those after it are pending");
    }

    [Test]
    public async Task Once_the_leftover_table_is_gone_applying_again_finishes_the_schema()
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        await database.ScalarAsync("CREATE TABLE checkout_attempts (id integer)");
        var migrator = new SchemaMigrator(provider, database.ConnectionString);
        FluentActions.Invoking(() => migrator.Apply()).Should().Throw<SchemaMigrationException>();

        await database.ScalarAsync("DROP TABLE checkout_attempts");
        var applied = migrator.Apply();

        applied.Should().Equal(migrator.Scripts);
        (await database.CountAsync("schema_migrations")).Should().Be(migrator.Scripts.Count);
    }
}
