using System.Globalization;
using LedgerData.Migrations;
using LedgerData.Transactions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LedgerData.Tests.Infrastructure;

/// <summary>
/// A database of its own for one test fixture: a SQLite file in a temporary folder, or a PostgreSQL database
/// created on the server that <c>LEDGERDATA_PG</c> names. Both are dropped again at the end.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "LEDGERDATA_PG";

    private readonly string? sqliteFolder;
    private readonly string? postgresAdminConnectionString;

    private TestDatabase(DatabaseProvider provider, string connectionString, NpgsqlDataSource? dataSource,
        string? sqliteFolder, string? postgresAdminConnectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
        DataSource = dataSource;
        this.sqliteFolder = sqliteFolder;
        this.postgresAdminConnectionString = postgresAdminConnectionString;
        Factory = dataSource is null
            ? new SqliteUnitOfWorkFactory(connectionString)
            : new PostgresUnitOfWorkFactory(dataSource);
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource? DataSource { get; }

    public IUnitOfWorkFactory Factory { get; }

    public string Name => Provider == DatabaseProvider.Sqlite
        ? Path.GetFileName(new SqliteConnectionStringBuilder(ConnectionString).DataSource)
        : new NpgsqlConnectionStringBuilder(ConnectionString).Database!;

    /// <summary>
    /// Creates an empty database. PostgreSQL tests are ignored when no server is configured, except in CI,
    /// where a missing database fails them.
    /// </summary>
    public static async Task<TestDatabase> CreateEmptyAsync(DatabaseProvider provider)
    {
        var name = "ledgerdata_test_" + Guid.NewGuid().ToString("N")[..12];
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("ledgerdata-").FullName;
            var path = Path.Combine(folder, name + ".db");
            return new TestDatabase(provider, $"Data Source={path}", null, folder, null);
        }

        var admin = RequirePostgres();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return new TestDatabase(provider, connectionString, NpgsqlDataSource.Create(connectionString), null, admin);
    }

    /// <summary>Creates a database with every migration script applied by the library.</summary>
    public static async Task<TestDatabase> CreateMigratedAsync(DatabaseProvider provider)
    {
        var database = await CreateEmptyAsync(provider);
        new SchemaMigrator(provider, database.ConnectionString).Apply();
        return database;
    }

    public static string RequirePostgres()
    {
        var connectionString = Environment.GetEnvironmentVariable(PostgresVariable);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        var message = $"{PostgresVariable} is not set, so there is no PostgreSQL server to test against. " +
            "Run the tests through build.ps1, which starts one.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
        return string.Empty;
    }

    /// <summary>Counts rows through a connection of its own, outside any unit of work under test.</summary>
    public async Task<long> CountAsync(string table, string? scope = null)
    {
        var sql = scope is null
            ? $"SELECT count(*) FROM {table}"
            : $"SELECT count(*) FROM {table} WHERE scope = @scope";
        return Convert.ToInt64(await ScalarAsync(sql, ("scope", scope)), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs one query through a connection of its own and returns its first value.</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = OpenRaw();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (parameterName, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = parameterName;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return await command.ExecuteScalarAsync();
    }

    /// <summary>A connection that bypasses the library, for reading back what the tests check.</summary>
    public System.Data.Common.DbConnection OpenRaw() => Provider == DatabaseProvider.Sqlite
        ? new SqliteConnection(ConnectionString)
        : DataSource!.CreateConnection();

    public async ValueTask DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(postgresAdminConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        if (sqliteFolder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(sqliteFolder, recursive: true);
        }
    }
}
