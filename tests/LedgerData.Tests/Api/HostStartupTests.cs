using LedgerData.Api.Hosting;
using LedgerData.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LedgerData.Tests.Api;

/// <summary>What the host does with a database whose schema is behind, on PostgreSQL where it changes nothing
/// unasked, and on SQLite where it migrates at start.</summary>
public sealed class HostStartupTests
{
    [Test]
    public async Task On_postgres_the_host_refuses_a_schema_that_is_behind_and_names_the_scripts()
    {
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Postgres);
        await using var app = Build(DatabaseProvider.Postgres, database.ConnectionString, applyMigrations: null);

        var start = () => app.StartAsync();

        (await start.Should().ThrowAsync<InvalidOperationException>())
            .Which.Message.Should().Contain("001_operation_ledger_and_checkout_attempts.sql")
            .And.Contain("002_").And.Contain("migrate").And.Contain("LedgerData:ApplyMigrations");
        (await database.ScalarAsync(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'checkout_attempts'"))
            .Should().BeEquivalentTo(0L);
    }

    [TestCase(DatabaseProvider.Postgres, true)]
    [TestCase(DatabaseProvider.Sqlite, null)]
    public async Task The_host_applies_the_scripts_at_start_when_allowed(DatabaseProvider provider, bool? apply)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        await using var app = Build(provider, database.ConnectionString, apply);

        await app.StartAsync();
        await app.StopAsync();

        (await database.CountAsync("schema_migrations")).Should().BeGreaterThanOrEqualTo(2);
    }

    [Test]
    public async Task The_migrate_verb_applies_the_scripts_and_exits_zero()
    {
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite);

        var exitCode = await MigrateCommand.RunAsync(
            ["--LedgerData:Provider=Sqlite", "--ConnectionStrings:Ledger=" + database.ConnectionString]);

        exitCode.Should().Be(0);
        (await database.CountAsync("schema_migrations")).Should().BeGreaterThanOrEqualTo(2);
    }

    private static WebApplication Build(DatabaseProvider provider, string connectionString, bool? applyMigrations)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--urls", "http://127.0.0.1:0"],
            EnvironmentName = "Testing",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LedgerData:Provider"] = provider.ToString(),
            ["ConnectionStrings:Ledger"] = connectionString,
            ["LedgerData:ApplyMigrations"] = applyMigrations?.ToString(),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddLedgerDataApi();
        var app = builder.Build();
        app.MapLedgerDataApi();
        return app;
    }
}
