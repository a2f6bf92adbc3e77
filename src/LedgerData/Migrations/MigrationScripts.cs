using System.Collections.Frozen;
using System.Reflection;
using System.Text;

namespace LedgerData.Migrations;

/// <summary>
/// The migration scripts compiled into the library from <c>sql/postgres</c> and <c>sql/sqlite</c>: the same
/// files a DBA runs by hand, and the only definition of the schema.
/// </summary>
public static class MigrationScripts
{
    // LedgerData.csproj names each embedded script LedgerData.Sql.{folder}.{file name}, the same on every OS.
    private const string ResourcePrefix = "LedgerData.Sql.";

    private static readonly Lazy<FrozenDictionary<DatabaseProvider, IReadOnlyList<MigrationScript>>> All =
        new(() => Load(typeof(MigrationScripts).Assembly));

    /// <summary>The scripts for one database, in the order they apply.</summary>
    /// <exception cref="InvalidOperationException">The library was built without the scripts of a database.</exception>
    public static IReadOnlyList<MigrationScript> For(DatabaseProvider provider)
        => All.Value.TryGetValue(provider, out var scripts)
            ? scripts
            : throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");

    /// <summary>Reads every provider's scripts from the resources of <paramref name="assembly"/>.</summary>
    internal static FrozenDictionary<DatabaseProvider, IReadOnlyList<MigrationScript>> Load(Assembly assembly)
    {
        return new Dictionary<DatabaseProvider, IReadOnlyList<MigrationScript>>
        {
            [DatabaseProvider.Postgres] = LoadFolder("postgres"),
            [DatabaseProvider.Sqlite] = LoadFolder("sqlite"),
        }.ToFrozenDictionary();

        IReadOnlyList<MigrationScript> LoadFolder(string folder)
        {
            var prefix = ResourcePrefix + folder + ".";
            var scripts = assembly.GetManifestResourceNames()
                .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(name => Read(name, name[prefix.Length..]))
                .ToArray();

            // Without scripts, Apply would report success on an empty database; a broken build must not pass
            // for an up-to-date schema.
            if (scripts.Length == 0)
            {
                throw new InvalidOperationException(
                    $"{assembly.GetName().Name} holds no migration scripts named {prefix}*.sql for sql/{folder}. " +
                    "Check the EmbeddedResource items and their LogicalName in LedgerData.csproj.");
            }

            return scripts;
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
