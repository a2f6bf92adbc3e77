using System.Data;
using DbUp.Engine;
using DbUp.Engine.Transactions;

namespace LedgerData.Migrations;

/// <summary>
/// A DbUp journal kept in the scripts' own <c>schema_migrations</c> table. Each script records its version
/// itself, inside its own transaction, so a script a DBA ran by hand counts as applied here, and a script this
/// journal saw applied is recorded exactly as if a DBA had run it.
/// </summary>
internal sealed class SchemaMigrationsJournal(
    DatabaseProvider provider,
    IReadOnlyList<MigrationScript> scripts,
    Func<IConnectionManager> connectionManager) : IJournal
{
    public string[] GetExecutedScripts()
    {
        var applied = connectionManager().ExecuteCommandsWithManagedConnection(ReadAppliedVersions);
        return scripts.Where(script => applied.Contains(script.Version)).Select(script => script.Name).ToArray();
    }

    public void StoreExecutedScript(SqlScript script, Func<IDbCommand> dbCommandFactory)
    {
        // Nothing to write: the script did. Checking that it did catches a script that forgot to record itself,
        // which would otherwise run again at every start.
        var version = scripts.Single(known => known.Name == script.Name).Version;
        if (!ReadAppliedVersions(dbCommandFactory).Contains(version))
        {
            throw new InvalidOperationException(
                $"The migration script {script.Name} ran but did not record version {version} in schema_migrations. " +
                "Every script must insert its own version before it commits.");
        }
    }

    public void EnsureTableExistsAndIsLatestVersion(Func<IDbCommand> dbCommandFactory)
    {
        // The first script creates schema_migrations in its own transaction, so there is nothing to prepare here.
    }

    private HashSet<string> ReadAppliedVersions(Func<IDbCommand> dbCommandFactory)
    {
        var versions = new HashSet<string>(StringComparer.Ordinal);
        using (var exists = dbCommandFactory())
        {
            exists.CommandText = provider == DatabaseProvider.Postgres
                ? "SELECT to_regclass('schema_migrations') IS NOT NULL"
                : "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
            if (!Convert.ToBoolean(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture))
            {
                return versions;
            }
        }

        using var query = dbCommandFactory();
        query.CommandText = "SELECT version FROM schema_migrations";
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            versions.Add(reader.GetString(0));
        }

        return versions;
    }
}
