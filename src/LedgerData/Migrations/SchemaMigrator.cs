using System.Globalization;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Output;
using LedgerData.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LedgerData.Migrations;

/// <summary>
/// Applies the migration scripts of <see cref="MigrationScripts"/> to a database with DbUp, journaled in the
/// scripts' own <c>schema_migrations</c> table, so that scripts run by hand and scripts run here are one history.
/// </summary>
public sealed class SchemaMigrator
{
    private readonly DatabaseProvider provider;
    private readonly string connectionString;
    private readonly ILogger logger;

    /// <summary>Creates a migrator for one database.</summary>
    public SchemaMigrator(DatabaseProvider provider, string connectionString, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        this.provider = provider;
        this.connectionString = WithoutPooling(provider, connectionString);
        Scripts = MigrationScripts.For(provider);
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SchemaMigrator>();
    }

    /// <summary>Every script for this database, applied or not, in order.</summary>
    public IReadOnlyList<MigrationScript> Scripts { get; }

    /// <summary>The scripts not yet recorded in the database's <c>schema_migrations</c>, in order.</summary>
    public IReadOnlyList<MigrationScript> GetPendingScripts()
    {
        var pending = Build().GetScriptsToExecute().Select(script => script.Name).ToHashSet(StringComparer.Ordinal);
        return Scripts.Where(script => pending.Contains(script.Name)).ToArray();
    }

    /// <summary>Applies every pending script, each in its own transaction, and returns the ones it applied.</summary>
    /// <exception cref="SchemaMigrationException">A script failed; the scripts before it stay applied.</exception>
    public IReadOnlyList<MigrationScript> Apply()
    {
        var result = Build().PerformUpgrade();
        if (!result.Successful)
        {
            throw new SchemaMigrationException(result.ErrorScript?.Name, result.Error);
        }

        var applied = result.Scripts.Select(script => script.Name).ToHashSet(StringComparer.Ordinal);
        return Scripts.Where(script => applied.Contains(script.Name)).ToArray();
    }

    // A script that fails leaves its own BEGIN open. A pooled connection would carry that transaction back into
    // the pool, holding SQLite's write lock for the rest of the process; closing a connection that is not pooled
    // rolls it back. Migrations are rare, so opening a fresh connection each time costs nothing that matters.
    private static string WithoutPooling(DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.Postgres => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }
            .ConnectionString,
        DatabaseProvider.Sqlite => new SqliteConnectionStringBuilder(connectionString) { Pooling = false }
            .ConnectionString,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
    };

    private UpgradeEngine Build()
    {
        UpgradeEngineBuilder builder = provider switch
        {
            DatabaseProvider.Postgres => DeployChanges.To.PostgresqlDatabase(connectionString),
            DatabaseProvider.Sqlite => DeployChanges.To.SqliteDatabase(connectionString),
            _ => throw new InvalidOperationException($"Unknown database provider {provider}."),
        };

        // The scripts hold their own BEGIN ... COMMIT so that they run the same by hand; DbUp must not open a
        // transaction around them, nor read $...$ in PostgreSQL function bodies as its variables.
        return builder
            .WithScripts(Scripts.Select(script => new SqlScript(script.Name, script.Contents)))
            .WithoutTransaction()
            .WithVariablesDisabled()
            .JournalTo((connectionManager, _) => new SchemaMigrationsJournal(provider, Scripts, connectionManager))
            .LogTo(new UpgradeLog(logger))
            .Build();
    }

    private sealed class UpgradeLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args)
        {
        }

        public void LogDebug(string format, params object[] args)
        {
        }

        public void LogInformation(string format, params object[] args)
        {
            if (format.StartsWith("Executing Database Server script", StringComparison.Ordinal) && args.Length > 0)
            {
                var script = Convert.ToString(args[0], CultureInfo.InvariantCulture) ?? "?";
                Log.ApplyingMigration(logger, script);
            }
        }

        public void LogWarning(string format, params object[] args)
        {
        }

        public void LogError(string format, params object[] args)
        {
        }

        public void LogError(Exception ex, string format, params object[] args)
        {
        }
    }
}
