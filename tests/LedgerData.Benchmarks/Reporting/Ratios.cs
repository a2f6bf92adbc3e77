namespace LedgerData.Benchmarks.Reporting;

/// <summary>Looks cells up and divides LedgerData's throughput by a baseline's, cell for cell.</summary>
internal sealed class Ratios(IReadOnlyList<CellResult> cells)
{
    public CellResult? Find(string scenario, string implementation, int workers, string database = Scenarios.Postgres)
        => cells.FirstOrDefault(cell => cell.Scenario == scenario && cell.Implementation == implementation
            && cell.Workers == workers && cell.Database == database);

    public double? Throughput(string scenario, string baseline, int workers)
    {
        var ours = Find(scenario, Implementations.LedgerData, workers)?.CheckoutsPerSecond;
        var theirs = Find(scenario, baseline, workers)?.CheckoutsPerSecond;
        return ours is null || theirs is null || theirs == 0 ? null : ours / theirs;
    }

    public IEnumerable<(string Scenario, int Workers, string Baseline, double Ratio)> All()
    {
        var pairs = cells
            .Where(cell => cell.Database == Scenarios.Postgres && cell.Implementation == Implementations.LedgerData)
            .Select(cell => (cell.Scenario, cell.Workers))
            .Distinct();
        foreach (var (scenario, workers) in pairs)
        {
            foreach (var baseline in new[] { Implementations.Pgbench, Implementations.EfCore, Implementations.Naive })
            {
                if (Throughput(scenario, baseline, workers) is { } ratio)
                {
                    yield return (scenario, workers, baseline, ratio);
                }
            }
        }
    }
}
