using LedgerData.DependencyInjection;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LedgerData.Api.Hosting;

/// <summary>Where the ledger database is: the connection string the host uses, and how a log line says it.</summary>
internal static class DatabaseLocation
{
    /// <summary>The SQLite file used when nothing is configured, relative to the content root.</summary>
    public const string DefaultSqliteFile = "data/ledger.db";

    /// <summary>
    /// The configured connection string (<c>LedgerData:ConnectionString</c>, else <c>ConnectionStrings:Ledger</c>),
    /// or on SQLite the default file; relative SQLite paths are made absolute against the content root.
    /// </summary>
    public static string? ResolveConnectionString(
        LedgerDataOptions options, IConfiguration configuration, string contentRoot)
    {
        var configured = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? configuration.GetConnectionString("Ledger")
            : options.ConnectionString;
        if (options.Provider != DatabaseProvider.Sqlite)
        {
            return configured;
        }

        var builder = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(configured) ? "Data Source=" + DefaultSqliteFile : configured);
        if (builder.Mode != SqliteOpenMode.Memory && builder.DataSource.Length > 0
            && !string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
        }

        return builder.ToString();
    }

    /// <summary>Creates the folder of a SQLite file: SQLite creates the file but not its folder.</summary>
    public static void EnsureSqliteFolder(LedgerDataOptions options)
    {
        if (options.Provider == DatabaseProvider.Sqlite
            && Path.GetDirectoryName(new SqliteConnectionStringBuilder(options.ConnectionString).DataSource)
                is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>Describes the database for a log line, never with a password.</summary>
    public static string Describe(LedgerDataOptions options)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            return "SQLite file " + new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
        }

        var postgres = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        return $"PostgreSQL database {postgres.Database} on {postgres.Host}:{postgres.Port}";
    }
}
