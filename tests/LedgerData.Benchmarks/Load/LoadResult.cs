using LedgerData.Checkout;

namespace LedgerData.Benchmarks.Load;

/// <summary>What a fixed-duration run measured, and every outcome it saw, warm-up included.</summary>
internal sealed record LoadResult(
    long MeasuredCheckouts,
    TimeSpan MeasuredTime,
    double P50Ms,
    double P99Ms,
    IReadOnlyDictionary<CheckoutOutcomeKind, long> AllOutcomes,
    long Errors,
    string? FirstError)
{
    public double CheckoutsPerSecond
        => MeasuredTime > TimeSpan.Zero ? MeasuredCheckouts / MeasuredTime.TotalSeconds : 0;

    public long Count(CheckoutOutcomeKind kind) => AllOutcomes.TryGetValue(kind, out var count) ? count : 0;
}
