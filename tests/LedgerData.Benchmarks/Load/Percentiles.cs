namespace LedgerData.Benchmarks.Load;

/// <summary>Nearest-rank percentiles of latencies in milliseconds.</summary>
internal static class Percentiles
{
    public static double Of(double[] sortedMilliseconds, double percentile)
    {
        if (sortedMilliseconds.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * sortedMilliseconds.Length);
        return sortedMilliseconds[Math.Clamp(rank - 1, 0, sortedMilliseconds.Length - 1)];
    }
}
