using Dapper;
using LedgerData.Benchmarks.Clients;
using LedgerData.Checkout;
using LedgerData.Inventory;
using LedgerData.Migrations;
using LedgerData.Transactions;
using Microsoft.Data.Sqlite;

namespace LedgerData.Benchmarks;

/// <summary>
/// The SQLite cells: LedgerData's fresh checkouts with one writer and with several, on a file database.
/// </summary>
internal sealed class SqliteBench(BenchmarkSettings settings, string folder)
{
    private readonly string connectionString =
        $"Data Source={Path.Combine(folder, $"bench-{Guid.NewGuid().ToString("N")[..8]}.db")}";

    public async Task<IReadOnlyList<CellResult>> RunAsync(PerCheckoutCosts costs, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        new SchemaMigrator(DatabaseProvider.Sqlite, connectionString).Apply();
        var factory = new SqliteUnitOfWorkFactory(connectionString);
        var client = new LedgerDataClient(factory);
        var maxWorkers = BenchmarkSettings.SqliteWorkers.Max();
        await MeasureAllocationsAsync(factory, client, costs, maxWorkers, cancellationToken);

        var cells = new List<CellResult>();
        foreach (var workers in BenchmarkSettings.SqliteWorkers)
        {
            var scope = $"sqlite-fresh-{workers}";
            await SeedAsync(factory, scope, workers, cancellationToken);
            var result = await ClientScenarios.FreshAsync(client, scope, workers, settings, "", cancellationToken);
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            var unexpected = result.AllOutcomes.Where(pair => pair.Key != CheckoutOutcomeKind.Completed)
                .Sum(pair => pair.Value);
            cells.Add(new CellResult
            {
                Scenario = Scenarios.Fresh,
                Database = Scenarios.Sqlite,
                Workers = workers,
                Implementation = Implementations.LedgerData,
                CheckoutsPerSecond = result.CheckoutsPerSecond,
                P50Ms = double.IsNaN(result.P50Ms) ? null : result.P50Ms,
                P99Ms = double.IsNaN(result.P99Ms) ? null : result.P99Ms,
                AllocatedBytesPerCheckout = costs.AllocatedBytesFor(
                    Implementations.LedgerData, Scenarios.Fresh, Scenarios.Sqlite),
                DuplicateExecutions = await DatabaseChecks.DuplicateExecutionsAsync(connection, scope),
                Checkouts = result.MeasuredCheckouts,
                Errors = result.Errors,
                Note = PostgresBench.Describe(result, unexpected, CheckoutOutcomeKind.Completed),
            });
        }

        return cells;
    }

    public async Task<(string Version, Dictionary<string, string> Settings)> DescribeAsync()
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var version = await connection.ExecuteScalarAsync<string>("SELECT sqlite_version()") ?? "unknown";
        var described = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["journal_mode"] = await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode") ?? "?",
            ["synchronous"] = await connection.ExecuteScalarAsync<string>("PRAGMA synchronous") ?? "?",
        };
        return (version, described);
    }

    // SQLite runs in this process: there are no round trips to count, but allocations are as real as anywhere.
    private async Task MeasureAllocationsAsync(
        SqliteUnitOfWorkFactory factory, LedgerDataClient client, PerCheckoutCosts costs, int workers,
        CancellationToken cancellationToken)
    {
        const string scope = "sqlite-alloc";
        await SeedAsync(factory, scope, workers, cancellationToken);
        var sku = CheckoutPayloads.WorkerSku(0);
        await client.SendAsync(CheckoutPayloads.Request(scope, "warm", sku), cancellationToken);
        foreach (var scenario in new[] { Scenarios.Fresh, Scenarios.Replay })
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var index = 0; index < settings.SerialCheckouts; index++)
            {
                await client.SendAsync(CheckoutPayloads.Request(scope, $"a-{index}", sku), cancellationToken);
            }

            costs.AllocatedBytes[PerCheckoutCosts.Key(Implementations.LedgerData, scenario, Scenarios.Sqlite)] =
                (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / settings.SerialCheckouts;
        }
    }

    private static async Task SeedAsync(
        IUnitOfWorkFactory factory, string scope, int workers, CancellationToken cancellationToken)
    {
        for (var worker = 0; worker < workers; worker++)
        {
            var sku = CheckoutPayloads.WorkerSku(worker);
            await factory.RunAsync(async (unitOfWork, token) =>
            {
                await new InventoryRepository(unitOfWork).SetAvailableAsync(
                    scope, sku, BenchmarkSettings.AmpleStock, token);
                return 0;
            }, cancellationToken: cancellationToken);
        }
    }
}
