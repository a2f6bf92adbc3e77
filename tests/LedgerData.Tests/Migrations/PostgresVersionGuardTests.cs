using LedgerData.Migrations;
using LedgerData.Tests.Infrastructure;
using Npgsql;

namespace LedgerData.Tests.Migrations;

/// <summary>
/// The PostgreSQL scripts use CREATE OR REPLACE TRIGGER, which needs PostgreSQL 14; each checks the server first
/// and stops with a message that says so, before it changes anything.
/// </summary>
public sealed class PostgresVersionGuardTests
{
    private const string Guard = "current_setting('server_version_num')::int < 140000";

    private static IEnumerable<string> ScriptNames
        => MigrationScripts.For(DatabaseProvider.Postgres).Select(script => script.Name);

    [TestCaseSource(nameof(ScriptNames))]
    public async Task A_server_older_than_PostgreSQL_14_is_refused_before_the_script_changes_anything(string name)
    {
        var script = MigrationScripts.For(DatabaseProvider.Postgres).Single(known => known.Name == name);
        script.Contents.Should().Contain(Guard);
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Postgres);

        // The test server is newer than 14; asking for a version no server has makes it look older to the guard.
        var run = () => RunAsync(database, script.Contents.Replace(Guard, Guard.Replace("140000", "99990000")));

        (await run.Should().ThrowAsync<PostgresException>()).Which.MessageText
            .Should().StartWith("LedgerData needs PostgreSQL 14 or later; this server is PostgreSQL ");
        (await database.ScalarAsync("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"))
            .Should().Be(0L);
    }

    private static async Task RunAsync(TestDatabase database, string scriptText)
    {
        // Not pooled: closing the connection rolls back the transaction the failed script left open.
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(scriptText, connection);
        await command.ExecuteNonQueryAsync();
    }
}
