namespace LedgerData.Benchmarks.Pgbench;

/// <summary>What one pgbench run measured.</summary>
internal sealed record PgbenchResult(
    double TransactionsPerSecond, double P50Ms, double P99Ms, long Transactions, long Failed, int RoundTrips,
    int Statements);
