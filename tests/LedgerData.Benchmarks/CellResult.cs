namespace LedgerData.Benchmarks;

/// <summary>
/// One cell of the benchmark: one scenario on one database with one implementation at one concurrency. Figures
/// that do not apply to a cell are null, so that tools reading results.json can tell "not measured" from zero.
/// </summary>
internal sealed record CellResult
{
    public required string Scenario { get; init; }

    public required string Database { get; init; }

    public required int Workers { get; init; }

    public required string Implementation { get; init; }

    public double? CheckoutsPerSecond { get; init; }

    public double? P50Ms { get; init; }

    public double? P99Ms { get; init; }

    public double? RoundTripsPerCheckout { get; init; }

    public double? StatementsPerCheckout { get; init; }

    public double? AllocatedBytesPerCheckout { get; init; }

    public long? DuplicateExecutions { get; init; }

    public long? Checkouts { get; init; }

    public long? Errors { get; init; }

    public bool? StockExact { get; init; }

    public string? Note { get; init; }
}
