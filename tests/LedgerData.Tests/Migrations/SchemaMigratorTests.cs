using System.Diagnostics;
using LedgerData.Migrations;
using LedgerData.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LedgerData.Tests.Migrations;

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class SchemaMigratorTests(DatabaseProvider provider)
{
    [Test]
    public async Task The_library_ships_every_script_of_the_sql_folder_unchanged()
    {
        var folderName = provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";
        var folder = Path.Combine(RepositoryRoot(), "sql", folderName);
        var files = Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal).ToArray();

        var scripts = MigrationScripts.For(provider);

        scripts.Select(script => script.Name).Should().Equal(files.Select(Path.GetFileName));
        foreach (var (script, file) in scripts.Zip(files))
        {
            script.Contents.Should().Be(await File.ReadAllTextAsync(file), $"{script.Name} is embedded as it is");
        }

        scripts.Select(script => script.Version).Should().OnlyHaveUniqueItems().And.BeInAscendingOrder();
    }

    [Test]
    public async Task Applying_twice_is_harmless_and_the_second_time_applies_nothing()
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        var migrator = new SchemaMigrator(provider, database.ConnectionString);
        migrator.GetPendingScripts().Should().Equal(migrator.Scripts);

        var first = migrator.Apply();
        var schema = await DescribeSchemaAsync(database);
        var second = migrator.Apply();

        first.Should().Equal(migrator.Scripts);
        second.Should().BeEmpty();
        migrator.GetPendingScripts().Should().BeEmpty();
        (await DescribeSchemaAsync(database)).Should().Be(schema);
        (await database.CountAsync("schema_migrations")).Should().Be(migrator.Scripts.Count);
    }

    [Test]
    public async Task Scripts_run_by_hand_twice_and_then_by_the_library_give_the_same_schema_as_the_library_alone()
    {
        await using var byHand = await TestDatabase.CreateEmptyAsync(provider);
        await using var byLibrary = await TestDatabase.CreateMigratedAsync(provider);
        var migrator = new SchemaMigrator(provider, byHand.ConnectionString);

        foreach (var script in migrator.Scripts)
        {
            await RunByHandAsync(byHand, script);
            await RunByHandAsync(byHand, script);
        }

        migrator.GetPendingScripts().Should().BeEmpty("the scripts recorded themselves in schema_migrations");
        migrator.Apply().Should().BeEmpty();
        (await DescribeSchemaAsync(byHand)).Should().Be(await DescribeSchemaAsync(byLibrary));
    }

    [Test]
    public async Task A_script_run_by_hand_after_the_library_changes_nothing()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var schema = await DescribeSchemaAsync(database);

        foreach (var script in MigrationScripts.For(provider))
        {
            await RunByHandAsync(database, script);
        }

        (await DescribeSchemaAsync(database)).Should().Be(schema);
        (await database.CountAsync("schema_migrations")).Should().Be(MigrationScripts.For(provider).Count);
    }

    /// <summary>
    /// Runs a script the way a DBA would, as the script's header says (psql with ON_ERROR_STOP, sqlite3 with -bail)
    /// when the machine has those shells, otherwise as one command text through the provider.
    /// </summary>
    private static async Task RunByHandAsync(TestDatabase database, MigrationScript script)
    {
        var shell = database.Provider == DatabaseProvider.Postgres ? FindTool("psql") : FindTool("sqlite3");
        if (shell is null)
        {
            await using var connection = database.OpenRaw();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = script.Contents;
            await command.ExecuteNonQueryAsync();
            return;
        }

        var file = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{script.Name}");
        await File.WriteAllTextAsync(file, script.Contents);
        try
        {
            var start = database.Provider == DatabaseProvider.Postgres
                ? PsqlStart(shell, database.ConnectionString, file)
                : new ProcessStartInfo(
                    shell, ["-bail", new SqliteConnectionStringBuilder(database.ConnectionString).DataSource])
                {
                    RedirectStandardInput = true,
                };
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            using var process = Process.Start(start)!;
            if (database.Provider == DatabaseProvider.Sqlite)
            {
                await process.StandardInput.WriteAsync(script.Contents);
                process.StandardInput.Close();
            }

            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.Should().Be(0, $"{Path.GetFileName(shell)} ran {script.Name}: {errors}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static ProcessStartInfo PsqlStart(string psql, string connectionString, string file)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file]);
        start.Environment["PGHOST"] = builder.Host;
        start.Environment["PGPORT"] = builder.Port.ToString();
        start.Environment["PGUSER"] = builder.Username;
        start.Environment["PGDATABASE"] = builder.Database;
        if (builder.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        return start;
    }

    private static string? FindTool(string name)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator);
        var postgresBins = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin"))
            : [];
        return path.Concat(postgresBins)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Every table, column, constraint, index and trigger, as text that two databases can compare.</summary>
    private static async Task<string> DescribeSchemaAsync(TestDatabase database)
    {
        const string postgres = """
            SELECT string_agg(line, E'\n' ORDER BY line) FROM (
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' '
                       || coalesce(column_default, '') || ' ' || coalesce(is_identity, '') AS line
                FROM information_schema.columns WHERE table_schema = 'public'
                UNION ALL
                SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                UNION ALL
                SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
                UNION ALL
                SELECT 'trigger ' || tgrelid::regclass || ' ' || pg_get_triggerdef(oid)
                FROM pg_trigger WHERE NOT tgisinternal
            ) AS schema_lines
            """;
        const string sqlite = """
            SELECT group_concat(line, char(10)) FROM (
                SELECT type || ' ' || name || ' ' || coalesce(sql, '') AS line
                FROM sqlite_master ORDER BY type, name
            )
            """;
        var description = await database.ScalarAsync(
            database.Provider == DatabaseProvider.Postgres ? postgres : sqlite);
        return (string)description!;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "LedgerData.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("LedgerData.sln not found above the tests.");
    }
}
