using System.Text.RegularExpressions;
using LedgerData.Migrations;

namespace LedgerData.Tests.Migrations;

public sealed class MigrationScriptsTests
{
    [Test]
    public void Embedded_script_names_hold_no_path_separator_so_they_are_the_same_on_every_operating_system()
    {
        var names = typeof(MigrationScripts).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("LedgerData.Sql.", StringComparison.Ordinal))
            .ToArray();

        names.Should().NotBeEmpty().And.OnlyContain(
            name => Regex.IsMatch(name, @"^LedgerData\.Sql\.(postgres|sqlite)\.[0-9]{3}_[a-z0-9_]+\.sql$"));
    }

    [Test]
    public void An_assembly_without_the_scripts_of_a_database_fails_to_load_with_a_clear_InvalidOperationException()
    {
        var load = () => MigrationScripts.Load(typeof(MigrationScriptsTests).Assembly);

        load.Should().Throw<InvalidOperationException>()
            .WithMessage("*holds no migration scripts named LedgerData.Sql.postgres.*sql/postgres*LedgerData.csproj*");
    }
}
