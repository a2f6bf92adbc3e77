using System.Globalization;

namespace LedgerData.Benchmarks.Reporting;

/// <summary>
/// Checks a run against issue 5's targets and says, with the run's own figures, why a target was missed.
/// </summary>
internal static class TargetEvaluator
{
    public static IReadOnlyList<TargetCheck> Evaluate(BenchmarkReport report)
    {
        var ratios = new Ratios(report.Cells);
        var costs = report.Costs;
        var checks = new List<TargetCheck>
        {
            Throughput(ratios, Implementations.Pgbench, 1, 0.9),
            Throughput(ratios, Implementations.Pgbench, 8, 0.8),
            Throughput(ratios, Implementations.EfCore, 1, 2.0),
        };

        var ours = costs.AllocatedBytesFor(Implementations.LedgerData, Scenarios.Fresh, Scenarios.Postgres);
        var theirs = costs.AllocatedBytesFor(Implementations.EfCore, Scenarios.Fresh, Scenarios.Postgres);
        checks.Add(new TargetCheck(
            "LedgerData allocates less than EF Core per fresh checkout",
            ours is null || theirs is null ? null : ours < theirs,
            ours is null || theirs is null ? "allocations not measured" : F($"{ours:N0} B against {theirs:N0} B")));

        var replay = costs.RoundTripsFor(Implementations.LedgerData, Scenarios.Replay, Scenarios.Postgres);
        checks.Add(new TargetCheck(
            "A replay costs at most 2 round trips",
            replay is null ? null : replay <= 2,
            replay is null ? "not counted" : F($"{replay:0.##} round trips per replay")));

        var fresh = costs.RoundTripsFor(Implementations.LedgerData, Scenarios.Fresh, Scenarios.Postgres);
        var step = costs.BusinessStepRoundTrips;
        checks.Add(new TargetCheck(
            "A fresh checkout costs at most 2 round trips more than its business step",
            fresh is null || step is null ? null : fresh <= step + 2,
            fresh is null || step is null
                ? "not counted"
                : F($"{fresh:0.##} round trips per checkout; the business step alone sends {step:0.##}, so the ") +
                  F($"checkout adds {fresh - step:0.##}")));

        var hot = ratios.Find(Scenarios.Contention, Implementations.LedgerData, BenchmarkSettings.ContentionWorkers);
        checks.Add(new TargetCheck(
            "Hot-SKU contention: no errors reach callers, stock exact",
            hot is null ? null : hot.Errors == 0 && hot.StockExact == true && hot.Note is null,
            hot is null
                ? "not run"
                : F($"{hot.Errors} errors, stock exact: {hot.StockExact}")
                    + (hot.Note is null ? "" : "; " + hot.Note)));

        var naive = ratios.Find(Scenarios.DuplicateDelivery, Implementations.Naive,
            BenchmarkSettings.DuplicateDeliveryWorkers);
        var guarded = ratios.Find(Scenarios.DuplicateDelivery, Implementations.LedgerData,
            BenchmarkSettings.DuplicateDeliveryWorkers);
        checks.Add(new TargetCheck(
            "Duplicate deliveries: LedgerData executes none twice",
            guarded?.DuplicateExecutions is null ? null : guarded.DuplicateExecutions == 0,
            guarded is null
                ? "not run"
                : F($"LedgerData {guarded.DuplicateExecutions} duplicate executions, ") +
                  "the naive pattern " + (naive?.DuplicateExecutions is { } count
                      ? count.ToString(CultureInfo.InvariantCulture)
                      : "n/a")));
        return checks;
    }

    private static TargetCheck Throughput(Ratios ratios, string baseline, int workers, double target)
    {
        var plural = workers == 1 ? "" : "s";
        var name = F($"LedgerData ≥ {target:0.0#} × {baseline} throughput at {workers} worker{plural}");
        var ratio = ratios.Throughput(Scenarios.Fresh, baseline, workers);
        if (ratio is null)
        {
            return new TargetCheck(name, null, baseline + " was not run");
        }

        var ours = ratios.Find(Scenarios.Fresh, Implementations.LedgerData, workers)!;
        var theirs = ratios.Find(Scenarios.Fresh, baseline, workers)!;
        var detail = F($"{ours.CheckoutsPerSecond:N0}/s against {theirs.CheckoutsPerSecond:N0}/s = {ratio:0.00} ×; ") +
            F($"round trips {ours.RoundTripsPerCheckout:0.##} against {theirs.RoundTripsPerCheckout:0.##}, ") +
            F($"p50 {ours.P50Ms:0.00} ms against {theirs.P50Ms:0.00} ms");
        return new TargetCheck(name, ratio >= target, detail);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
