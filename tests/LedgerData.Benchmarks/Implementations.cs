namespace LedgerData.Benchmarks;

/// <summary>The implementation names that results.json uses.</summary>
internal static class Implementations
{
    public const string LedgerData = "ledgerdata";
    public const string Pgbench = "pgbench";
    public const string EfCore = "efcore";
    public const string Naive = "naive";
}
