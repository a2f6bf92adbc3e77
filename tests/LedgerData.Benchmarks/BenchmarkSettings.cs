namespace LedgerData.Benchmarks;

/// <summary>What one benchmark run measures, for how long, and where it writes its results.</summary>
internal sealed record BenchmarkSettings
{
    /// <summary>The PostgreSQL database to run in, already created; null skips every PostgreSQL cell.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>The folder for the SQLite database file; null skips the SQLite cells.</summary>
    public string? SqliteFolder { get; init; }

    /// <summary>The measured window of each cell.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>The unmeasured run-in before each cell's window.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    public bool Smoke { get; init; }

    /// <summary>Runs the pgbench baseline; needs the pgbench executable.</summary>
    public bool RunPgbench { get; init; } = true;

    public string? PgbenchPath { get; init; }

    /// <summary>
    /// Measures allocations with BenchmarkDotNet; without it they come from GC counters over a serial run.
    /// </summary>
    public bool RunBenchmarkDotNet { get; init; } = true;

    public string OutputFolder { get; init; } = Path.Combine("artifacts", "bench");

    /// <summary>The commit measured, when the caller knows it; otherwise git is asked.</summary>
    public string? Commit { get; init; }

    /// <summary>How many finished keys each replay worker cycles through.</summary>
    public int ReplayKeysPerWorker => Smoke ? 5 : 50;

    /// <summary>How many checkouts the serial runs that count round trips and allocations make.</summary>
    public int SerialCheckouts => Smoke ? 10 : 200;

    public static IReadOnlyList<int> FreshWorkers { get; } = [1, 8, 32];

    public static IReadOnlyList<int> ReplayWorkers { get; } = [1, 8];

    public static IReadOnlyList<int> SqliteWorkers { get; } = [1, 8];

    public const int ContentionWorkers = 32;

    public const int DuplicateDeliveryWorkers = 8;

    /// <summary>Stock for every SKU: enough that no benchmark runs out.</summary>
    public const int AmpleStock = 1_000_000_000;
}
