using ScottPlot;

namespace LedgerData.Benchmarks.Reporting;

/// <summary>
/// Draws fresh-checkout throughput against concurrency on PostgreSQL for LedgerData, pgbench and EF Core.
/// </summary>
internal static class ThroughputChart
{
    public static void Save(IReadOnlyList<CellResult> cells, string path)
    {
        var plot = new Plot();
        var implementations = new[]
        {
            (Implementations.LedgerData, "LedgerData"), (Implementations.Pgbench, "pgbench (floor)"),
            (Implementations.EfCore, "EF Core"),
        };
        var workers = BenchmarkSettings.FreshWorkers;
        foreach (var (implementation, label) in implementations)
        {
            var points = cells
                .Where(cell => cell.Scenario == Scenarios.Fresh && cell.Database == Scenarios.Postgres
                    && cell.Implementation == implementation && cell.CheckoutsPerSecond is not null)
                .OrderBy(cell => cell.Workers)
                .ToList();
            if (points.Count == 0)
            {
                continue;
            }

            // Workers are spaced evenly (1, 8, 32): the chart compares implementations at each level.
            var xs = points.Select(cell => (double)IndexOf(workers, cell.Workers)).ToArray();
            var ys = points.Select(cell => cell.CheckoutsPerSecond!.Value).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = label;
            line.LineWidth = 2;
            line.MarkerSize = 8;
        }

        plot.Axes.Bottom.SetTicks(
            workers.Select((_, index) => (double)index).ToArray(),
            workers.Select(count => count.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsX(-0.3, workers.Count - 0.7);
        plot.Axes.Left.Min = 0;
        plot.Axes.AutoScaleY();
        plot.Axes.SetLimitsY(0, plot.Axes.GetLimits().Top * 1.1);
        plot.Title("Fresh checkouts on PostgreSQL");
        plot.XLabel("Concurrent workers");
        plot.YLabel("Checkouts per second");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 560);
    }

    private static int IndexOf(IReadOnlyList<int> values, int value)
    {
        for (var index = 0; index < values.Count; index++)
        {
            if (values[index] == value)
            {
                return index;
            }
        }

        return 0;
    }
}
