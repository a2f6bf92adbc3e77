namespace LedgerData.Benchmarks;

/// <summary>
/// Round trips, statements and allocations per checkout, counted on serial runs, by implementation and path.
/// </summary>
internal sealed class PerCheckoutCosts
{
    public Dictionary<string, double> RoundTrips { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, double> Statements { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, double> AllocatedBytes { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Round trips of the business step alone (InventoryRepository.ReserveAsync), for the target on fresh checkouts.
    /// </summary>
    public double? BusinessStepRoundTrips { get; set; }

    /// <summary>Where the allocation figures come from: BenchmarkDotNet or GC counters.</summary>
    public string AllocationSource { get; set; } = "not measured";

    public static string Key(string implementation, string scenario, string database = Scenarios.Postgres)
        => $"{database}/{implementation}/{scenario}";

    public double? RoundTripsFor(string implementation, string scenario, string database = Scenarios.Postgres)
        => Find(RoundTrips, implementation, scenario, database);

    public double? StatementsFor(string implementation, string scenario, string database = Scenarios.Postgres)
        => Find(Statements, implementation, scenario, database);

    public double? AllocatedBytesFor(string implementation, string scenario, string database = Scenarios.Postgres)
        => Find(AllocatedBytes, implementation, scenario, database);

    private static double? Find(
        Dictionary<string, double> figures, string implementation, string scenario, string database)
        => figures.TryGetValue(Key(implementation, scenario, database), out var value) ? value : null;
}
