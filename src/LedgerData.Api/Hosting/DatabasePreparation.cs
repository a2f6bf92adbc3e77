using LedgerData.Api.Clients;
using LedgerData.Api.Diagnostics;
using LedgerData.DependencyInjection;
using LedgerData.Migrations;
using LedgerData.Transactions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace LedgerData.Api.Hosting;

/// <summary>
/// Gets the database ready before the server takes requests: applies the migration scripts on SQLite (or when
/// allowed), refuses to start on a PostgreSQL schema that is behind, seeds the demo SKUs, and once listening says
/// how to try the host.
/// </summary>
internal sealed class DatabasePreparation(
    IOptions<LedgerDataOptions> ledgerOptions,
    IOptions<ApiOptions> apiOptions,
    SchemaMigrator migrator,
    IUnitOfWorkFactory factory,
    ApiClientDirectory clients,
    IServer server,
    ILogger<DatabasePreparation> logger) : IHostedLifecycleService
{
    private bool demoDataSeeded;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var options = ledgerOptions.Value;
        var isSqlite = options.Provider == DatabaseProvider.Sqlite;
        var database = DatabaseLocation.Describe(options);
        ApiLog.UsingDatabase(logger, database);
        DatabaseLocation.EnsureSqliteFolder(options);

        if (clients.UsesDemoClient && !isSqlite)
        {
            ApiLog.DemoClientOnPostgres(logger);
        }

        var pending = migrator.GetPendingScripts();
        if (pending.Count > 0)
        {
            if (!(apiOptions.Value.ApplyMigrations ?? isSqlite))
            {
                throw new InvalidOperationException(
                    $"The database schema is behind: {pending.Count} migration script(s) are not applied: " +
                    $"{string.Join(", ", pending.Select(script => script.Name))}. Apply them with " +
                    "`dotnet run --project src/LedgerData.Api -- migrate`, or by hand from sql/postgres, " +
                    "or set LedgerData:ApplyMigrations=true to let the host apply them at start.");
            }

            foreach (var script in migrator.Apply())
            {
                ApiLog.AppliedMigration(logger, script.Name);
            }
        }

        demoDataSeeded = apiOptions.Value.SeedDemoData ?? isSqlite;
        if (demoDataSeeded)
        {
            var stocked = await DemoData.SeedAsync(factory, clients.Scopes, cancellationToken).ConfigureAwait(false);
            if (stocked > 0)
            {
                ApiLog.SeededDemoData(logger, stocked);
            }
        }
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? LedgerDataApi.DefaultUrl;
            var key = clients.UsesDemoClient ? ApiClientDirectory.Demo.ApiKey : "<your API key>";
            // Without demo stock the inventory would answer 404; the health check answers either way.
            var command = demoDataSeeded
                ? $"curl -i {address}/inventory/TEA-GREEN -H 'X-Api-Key: {key}'"
                : $"curl -i {address}/health";
            ApiLog.TryIt(logger, command);
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
