namespace LedgerData.Benchmarks;

/// <summary>Everything one run produced: where it ran, each cell, and each per-checkout figure it counted.</summary>
internal sealed record BenchmarkReport(
    EnvironmentInfo Environment,
    IReadOnlyList<CellResult> Cells,
    PerCheckoutCosts Costs);
