using Dapper;
using LedgerData.Benchmarks.Clients;
using LedgerData.Benchmarks.Counting;
using LedgerData.Benchmarks.EfCore;
using LedgerData.Benchmarks.Load;
using LedgerData.Benchmarks.Micro;
using LedgerData.Benchmarks.Pgbench;
using LedgerData.Checkout;
using LedgerData.DependencyInjection;
using LedgerData.Inventory;
using LedgerData.Migrations;
using LedgerData.Transactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace LedgerData.Benchmarks;

/// <summary>
/// The PostgreSQL cells: LedgerData, pgbench, EF Core and the naive pattern side by side, each cell in a scope of its
/// own so that no cell sees another's rows, and the per-checkout costs counted on serial runs.
/// </summary>
internal sealed class PostgresBench : IAsyncDisposable
{
    private readonly BenchmarkSettings settings;
    private readonly string connectionString;
    private readonly NpgsqlDataSource dataSource;
    private readonly PostgresUnitOfWorkFactory factory;
    private readonly string tag = Guid.NewGuid().ToString("N")[..8];
    private readonly List<CellResult> cells = [];

    public PostgresBench(BenchmarkSettings settings, string connectionString)
    {
        this.settings = settings;
        // Every worker of the widest cell holds a connection, and pgbench opens its own next to them.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxPoolSize = Math.Max(builder.MaxPoolSize, 64);
        // As AddLedgerData configures it; EF Core and the naive pattern share the data source, so all gain alike.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = LedgerDataServiceCollectionExtensions.RecommendedMaxAutoPrepare;
        }
        this.connectionString = builder.ConnectionString;
        dataSource = NpgsqlDataSource.Create(this.connectionString);
        factory = new PostgresUnitOfWorkFactory(dataSource);
        LedgerData = new LedgerDataClient(factory);
        EfCore = new EfCoreClient(new PooledDbContextFactory<CheckoutDbContext>(EfOptions(null)));
        Naive = new NaiveClient(dataSource);
    }

    public ICheckoutClient LedgerData { get; }

    public ICheckoutClient EfCore { get; }

    public ICheckoutClient Naive { get; }

    public async Task<IReadOnlyList<CellResult>> RunAsync(PerCheckoutCosts costs, CancellationToken cancellationToken)
    {
        new SchemaMigrator(DatabaseProvider.Postgres, connectionString).Apply();
        var pgbench = settings.RunPgbench ? PgbenchRunner.Find(settings.PgbenchPath) : null;
        if (settings.RunPgbench && pgbench is null)
        {
            throw new InvalidOperationException("pgbench was not found; pass --pgbench PATH or --no-pgbench.");
        }

        await CountCostsAsync(costs, cancellationToken);
        if (settings.RunBenchmarkDotNet)
        {
            await MeasureAllocationsAsync(costs, cancellationToken);
        }

        // LedgerData and its baselines run one after the other at each concurrency, so that drift on a shared
        // machine affects them alike and the ratios stay meaningful.
        foreach (var workers in BenchmarkSettings.FreshWorkers)
        {
            await FreshAsync(LedgerData, workers, cancellationToken);
            if (pgbench is not null)
            {
                await PgbenchAsync(pgbench, Scenarios.Fresh, workers, cancellationToken);
            }

            await FreshAsync(EfCore, workers, cancellationToken);
        }

        foreach (var workers in BenchmarkSettings.ReplayWorkers)
        {
            await ReplayAsync(LedgerData, workers, cancellationToken);
            if (pgbench is not null)
            {
                await PgbenchAsync(pgbench, Scenarios.Replay, workers, cancellationToken);
            }

            await ReplayAsync(EfCore, workers, cancellationToken);
        }

        await ContentionAsync(cancellationToken);
        await DuplicateDeliveryAsync(LedgerData, cancellationToken);
        await DuplicateDeliveryAsync(Naive, cancellationToken);
        return cells;
    }

    public async Task<(string Version, Dictionary<string, string> Settings)> DescribeServerAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var version = await connection.ExecuteScalarAsync<string>("SELECT version()") ?? "unknown";
        var described = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] names =
        [
            "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "max_connections",
            "default_transaction_isolation",
        ];
        foreach (var name in names)
        {
            described[name] = await connection.ExecuteScalarAsync<string>(
                "SELECT setting FROM pg_settings WHERE name = @Name", new { Name = name }) ?? "?";
        }

        return (version, described);
    }

    public async ValueTask DisposeAsync() => await dataSource.DisposeAsync();

    private async Task FreshAsync(ICheckoutClient client, int workers, CancellationToken cancellationToken)
    {
        var scope = Scope(Scenarios.Fresh, client.Implementation, workers);
        await SeedAsync(scope, workers, cancellationToken);
        var result = await ClientScenarios.FreshAsync(client, scope, workers, settings, "", cancellationToken);
        await AddAsync(Scenarios.Fresh, client.Implementation, workers, scope, result, CheckoutOutcomeKind.Completed);
    }

    private async Task ReplayAsync(ICheckoutClient client, int workers, CancellationToken cancellationToken)
    {
        var scope = Scope(Scenarios.Replay, client.Implementation, workers);
        await SeedAsync(scope, workers, cancellationToken);
        var result = await ClientScenarios.ReplayAsync(client, scope, workers, settings, cancellationToken);
        await AddAsync(Scenarios.Replay, client.Implementation, workers, scope, result, CheckoutOutcomeKind.Replayed);
    }

    private async Task ContentionAsync(CancellationToken cancellationToken)
    {
        const string hotSku = "hot-sku";
        var workers = BenchmarkSettings.ContentionWorkers;
        var scope = Scope(Scenarios.Contention, Implementations.LedgerData, workers);
        await SetStockAsync(scope, hotSku, BenchmarkSettings.AmpleStock, cancellationToken);
        var result = await ClientScenarios.FreshAsync(LedgerData, scope, workers, settings, hotSku, cancellationToken);

        // Exact stock: what left the shelf is what the callers were told they bought, and the reservations agree.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var sold = BenchmarkSettings.AmpleStock - await DatabaseChecks.AvailableAsync(connection, scope, hotSku);
        var fulfilled = await DatabaseChecks.FulfilledAsync(connection, scope);
        var stockExact = sold == result.Count(CheckoutOutcomeKind.Completed) && sold == fulfilled;
        await AddAsync(Scenarios.Contention, Implementations.LedgerData, workers, scope, result,
            CheckoutOutcomeKind.Completed, stockExact);
    }

    private async Task DuplicateDeliveryAsync(ICheckoutClient client, CancellationToken cancellationToken)
    {
        var workers = BenchmarkSettings.DuplicateDeliveryWorkers;
        var scope = Scope(Scenarios.DuplicateDelivery, client.Implementation, workers);
        await SeedAsync(scope, workers, cancellationToken);
        var result = await ClientScenarios.DuplicateDeliveryAsync(client, scope, workers, settings, cancellationToken);
        await AddAsync(Scenarios.DuplicateDelivery, client.Implementation, workers, scope, result, null);
    }

    private async Task PgbenchAsync(
        string executable, string scenario, int workers, CancellationToken cancellationToken)
    {
        var scope = Scope(scenario, Implementations.Pgbench, workers);
        await SeedAsync(scope, workers, cancellationToken);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (scenario == Scenarios.Replay)
        {
            var keys = settings.ReplayKeysPerWorker * workers;
            variables["keys"] = keys.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await SeedPgbenchReplaysAsync(scope, keys, cancellationToken);
        }

        var runner = new PgbenchRunner(executable, connectionString, settings.OutputFolder);
        var result = await runner.RunAsync(
            scenario + ".sql", scope, workers, settings.Warmup, settings.Duration, variables, cancellationToken);
        cells.Add(new CellResult
        {
            Scenario = scenario,
            Database = Scenarios.Postgres,
            Workers = workers,
            Implementation = Implementations.Pgbench,
            CheckoutsPerSecond = result.TransactionsPerSecond,
            P50Ms = NullIfNaN(result.P50Ms),
            P99Ms = NullIfNaN(result.P99Ms),
            RoundTripsPerCheckout = result.RoundTrips,
            StatementsPerCheckout = result.Statements,
            Checkouts = result.Transactions,
            Errors = result.Failed,
        });
    }

    private async Task AddAsync(
        string scenario, string implementation, int workers, string scope, LoadResult result,
        CheckoutOutcomeKind? expected, bool? stockExact = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var unexpected = expected is null ? 0 : result.AllOutcomes.Where(pair => pair.Key != expected)
            .Sum(pair => pair.Value);
        cells.Add(new CellResult
        {
            Scenario = scenario,
            Database = Scenarios.Postgres,
            Workers = workers,
            Implementation = implementation,
            CheckoutsPerSecond = result.CheckoutsPerSecond,
            P50Ms = NullIfNaN(result.P50Ms),
            P99Ms = NullIfNaN(result.P99Ms),
            DuplicateExecutions = await DatabaseChecks.DuplicateExecutionsAsync(connection, scope),
            Checkouts = result.MeasuredCheckouts,
            Errors = result.Errors,
            StockExact = stockExact,
            Note = Describe(result, unexpected, expected),
        });
    }

    /// <summary>Counts round trips and statements per checkout on serial runs, with tracing on only for them.</summary>
    private async Task CountCostsAsync(PerCheckoutCosts costs, CancellationToken cancellationToken)
    {
        using var counter = new RoundTripCounter();
        var counted = new ICheckoutClient[]
        {
            new LedgerDataClient(new CountingUnitOfWorkFactory(factory, counter)),
            new EfCoreClient(new PooledDbContextFactory<CheckoutDbContext>(EfOptions(counter))),
            new NaiveClient(dataSource),
        };
        var checkouts = settings.SerialCheckouts;
        foreach (var client in counted)
        {
            var scope = Scope("count", client.Implementation, 1);
            await SeedAsync(scope, 1, cancellationToken);
            var sku = CheckoutPayloads.WorkerSku(0);

            counter.Reset();
            for (var index = 0; index < checkouts; index++)
            {
                await client.SendAsync(CheckoutPayloads.Request(scope, $"c-{index}", sku), cancellationToken);
            }

            Record(costs, counter, client.Implementation, Scenarios.Fresh, checkouts);
            counter.Reset();
            for (var index = 0; index < checkouts; index++)
            {
                await client.SendAsync(CheckoutPayloads.Request(scope, $"c-{index}", sku), cancellationToken);
            }

            Record(costs, counter, client.Implementation, Scenarios.Replay, checkouts);
        }

        costs.BusinessStepRoundTrips = await CountBusinessStepAsync(counter, cancellationToken);
        if (!settings.RunBenchmarkDotNet)
        {
            await MeasureAllocationsByGcAsync(costs, cancellationToken);
        }
    }

    private static void Record(
        PerCheckoutCosts costs, RoundTripCounter counter, string implementation, string scenario, int checkouts)
    {
        costs.RoundTrips[PerCheckoutCosts.Key(implementation, scenario)] = (double)counter.RoundTrips / checkouts;
        costs.Statements[PerCheckoutCosts.Key(implementation, scenario)] = (double)counter.Statements / checkouts;
    }

    /// <summary>
    /// The default step's own statements: the reservation of one order line, in a unit rolled back after.
    /// </summary>
    private async Task<double> CountBusinessStepAsync(RoundTripCounter counter, CancellationToken cancellationToken)
    {
        var scope = Scope("step", Implementations.LedgerData, 1);
        await SeedAsync(scope, 1, cancellationToken);
        counter.Reset();
        var unitOfWork = await factory.BeginAsync(cancellationToken: cancellationToken);
        await using (unitOfWork)
        {
            var lines = new[] { new OrderLine(CheckoutPayloads.WorkerSku(0), 1) };
            await new InventoryRepository(unitOfWork).ReserveAsync(scope, Guid.NewGuid(), lines, cancellationToken);
            return counter.Commands;
        }
    }

    /// <summary>
    /// Without BenchmarkDotNet (smoke runs): allocated bytes over a serial run, from the GC's counters.
    /// </summary>
    private async Task MeasureAllocationsByGcAsync(PerCheckoutCosts costs, CancellationToken cancellationToken)
    {
        var checkouts = settings.SerialCheckouts;
        foreach (var client in new[] { LedgerData, EfCore })
        {
            var scope = Scope("alloc", client.Implementation, 1);
            await SeedAsync(scope, 1, cancellationToken);
            var sku = CheckoutPayloads.WorkerSku(0);
            await client.SendAsync(CheckoutPayloads.Request(scope, "warm", sku), cancellationToken);
            foreach (var scenario in new[] { Scenarios.Fresh, Scenarios.Replay })
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                for (var index = 0; index < checkouts; index++)
                {
                    await client.SendAsync(CheckoutPayloads.Request(scope, $"a-{index}", sku), cancellationToken);
                }

                var perCheckout = (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / checkouts;
                costs.AllocatedBytes[PerCheckoutCosts.Key(client.Implementation, scenario)] = perCheckout;
            }
        }

        costs.AllocationSource = "GC.GetTotalAllocatedBytes over a serial run of " + checkouts + " checkouts";
    }

    private async Task MeasureAllocationsAsync(PerCheckoutCosts costs, CancellationToken cancellationToken)
    {
        var freshScope = Scope("micro-fresh", Implementations.LedgerData, 1);
        var replayScope = Scope("micro-replay", Implementations.LedgerData, 1);
        await SeedAsync(freshScope, 1, cancellationToken);
        await SeedAsync(replayScope, 1, cancellationToken);
        const string replayKey = "micro-replay";
        var sku = CheckoutPayloads.WorkerSku(0);
        await LedgerData.SendAsync(CheckoutPayloads.Request(replayScope, replayKey, sku), cancellationToken);
        var target = new MicroTarget(LedgerData, EfCore, freshScope, replayScope, replayKey);

        var measured = AllocationMeasurer.Run(target, Path.Combine(settings.OutputFolder, "benchmarkdotnet"));
        void Put(string method, string implementation, string scenario)
        {
            if (measured.TryGetValue(method, out var bytes))
            {
                costs.AllocatedBytes[PerCheckoutCosts.Key(implementation, scenario)] = bytes;
            }
        }

        Put(nameof(CheckoutAllocations.LedgerDataFresh), Implementations.LedgerData, Scenarios.Fresh);
        Put(nameof(CheckoutAllocations.LedgerDataReplay), Implementations.LedgerData, Scenarios.Replay);
        Put(nameof(CheckoutAllocations.EfCoreFresh), Implementations.EfCore, Scenarios.Fresh);
        Put(nameof(CheckoutAllocations.EfCoreReplay), Implementations.EfCore, Scenarios.Replay);
        costs.AllocationSource = "BenchmarkDotNet 0.15 MemoryDiagnoser, in-process short job";
    }

    /// <summary>A SKU of its own with ample stock for each worker.</summary>
    private async Task SeedAsync(string scope, int workers, CancellationToken cancellationToken)
    {
        for (var worker = 0; worker < workers; worker++)
        {
            await SetStockAsync(scope, CheckoutPayloads.WorkerSku(worker), BenchmarkSettings.AmpleStock,
                cancellationToken);
        }
    }

    private Task<int> SetStockAsync(string scope, string sku, int available, CancellationToken cancellationToken)
        => factory.RunAsync(async (unitOfWork, token) =>
        {
            await new InventoryRepository(unitOfWork).SetAvailableAsync(scope, sku, available, token);
            return 0;
        }, cancellationToken: cancellationToken);

    private async Task SeedPgbenchReplaysAsync(string scope, int keys, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO checkout_attempts
                (scope, attempt_id, client_request_hash, request_fingerprint, processing_state, result_payload,
                 created_at, updated_at, expires_at)
            SELECT @Scope, lpad(to_hex(k::bigint), 32, '0')::uuid, lpad(to_hex(k::bigint), 64, '0'), repeat('f', 64),
                   'fulfilled', '{"state":"fulfilled"}', now(), now(), now() + interval '24 hours'
            FROM generate_series(1, @Keys) AS k
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            sql, new { Scope = scope, Keys = keys }, cancellationToken: cancellationToken));
    }

    private DbContextOptions<CheckoutDbContext> EfOptions(RoundTripCounter? counter)
    {
        var builder = new DbContextOptionsBuilder<CheckoutDbContext>().UseNpgsql(dataSource);
        if (counter is not null)
        {
            builder.AddInterceptors(new TransactionCountingInterceptor(counter));
        }

        return builder.Options;
    }

    private string Scope(string scenario, string implementation, int workers)
        => $"bench-{tag}-{scenario}-{implementation}-{workers}";

    private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;

    internal static string? Describe(LoadResult result, long unexpected, CheckoutOutcomeKind? expected)
    {
        var notes = new List<string>();
        if (unexpected > 0)
        {
            var kinds = result.AllOutcomes.Where(pair => pair.Key != expected && pair.Value > 0)
                .Select(pair => $"{pair.Value} {pair.Key}");
            notes.Add("unexpected outcomes: " + string.Join(", ", kinds));
        }

        if (result.FirstError is not null)
        {
            notes.Add("first error: " + result.FirstError);
        }

        return notes.Count == 0 ? null : string.Join("; ", notes);
    }
}
