using System.Collections.Frozen;
using System.Text;

namespace LedgerData.Migrations;

/// <summary>
/// The migration scripts compiled into the library from <c>sql/postgres</c> and <c>sql/sqlite</c>: the same
/// files a DBA runs by hand, and the only definition of the schema.
/// </summary>
public static class MigrationScripts
{
    private const string ResourcePrefix = "LedgerData.Sql.";

    private static readonly FrozenDictionary<DatabaseProvider, IReadOnlyList<MigrationScript>> All = Load();

    /// <summary>The scripts for one database, in the order they apply.</summary>
    public static IReadOnlyList<MigrationScript> For(DatabaseProvider provider)
        => All.TryGetValue(provider, out var scripts)
            ? scripts
            : throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");

    private static FrozenDictionary<DatabaseProvider, IReadOnlyList<MigrationScript>> Load()
    {
        var assembly = typeof(MigrationScripts).Assembly;
        return new Dictionary<DatabaseProvider, IReadOnlyList<MigrationScript>>
        {
            [DatabaseProvider.Postgres] = LoadFolder("postgres"),
            [DatabaseProvider.Sqlite] = LoadFolder("sqlite"),
        }.ToFrozenDictionary();

        IReadOnlyList<MigrationScript> LoadFolder(string folder)
        {
            var prefix = ResourcePrefix + folder + "/";
            return assembly.GetManifestResourceNames()
                .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(name => Read(name, name[prefix.Length..]))
                .ToArray();
        }

        MigrationScript Read(string resourceName, string fileName)
        {
            using var stream = assembly.GetManifestResourceStream(resourceName)
                ?? throw new InvalidOperationException($"The embedded script {resourceName} cannot be read.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new InvalidOperationException(
                    $"The script {fileName} must be named NNN_description.sql, with its version before the '_'.");
            }

            return new MigrationScript(fileName[..separator], fileName, reader.ReadToEnd());
        }
    }
}
