using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LedgerData.Benchmarks;

/// <summary>
/// Runs every cell the settings ask for and puts the per-checkout costs next to the throughput figures.
/// </summary>
internal static class BenchmarkSuite
{
    public static async Task<BenchmarkReport> RunAsync(
        BenchmarkSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Directory.CreateDirectory(settings.OutputFolder);
        var startedAt = DateTimeOffset.UtcNow;
        var costs = new PerCheckoutCosts();
        var cells = new List<CellResult>();
        string? postgresVersion = null, sqliteVersion = null;
        Dictionary<string, string> postgresSettings = [], sqliteSettings = [];

        if (settings.PostgresConnectionString is { } connectionString)
        {
            await using var postgres = new PostgresBench(settings, connectionString);
            cells.AddRange(await postgres.RunAsync(costs, cancellationToken));
            (postgresVersion, postgresSettings) = await postgres.DescribeServerAsync();
        }

        if (settings.SqliteFolder is { } folder)
        {
            var sqlite = new SqliteBench(settings, folder);
            cells.AddRange(await sqlite.RunAsync(costs, cancellationToken));
            (sqliteVersion, sqliteSettings) = await sqlite.DescribeAsync();
        }

        var environment = new EnvironmentInfo
        {
            StartedAt = startedAt,
            Commit = settings.Commit ?? GitCommit(),
            Machine = Machine(),
            Runtime = RuntimeInformation.FrameworkDescription,
            BuildConfiguration = IsDebugBuild ? "Debug" : "Release",
            DurationSeconds = settings.Duration.TotalSeconds,
            WarmupSeconds = settings.Warmup.TotalSeconds,
            Smoke = settings.Smoke,
            PostgresVersion = postgresVersion,
            PostgresSettings = postgresSettings,
            SqliteVersion = sqliteVersion,
            SqliteSettings = sqliteSettings,
        };
        return new BenchmarkReport(environment, cells.Select(cell => WithCosts(cell, costs)).ToList(), costs);
    }

    private static bool IsDebugBuild =>
#if DEBUG
        true;
#else
        false;
#endif

    private static CellResult WithCosts(CellResult cell, PerCheckoutCosts costs)
    {
        // Counted costs belong to the paths that were counted: fresh (also what a contention checkout runs) and replay.
        var path = cell.Scenario == Scenarios.Contention ? Scenarios.Fresh : cell.Scenario;
        if (cell.Implementation == Implementations.Pgbench || path is not (Scenarios.Fresh or Scenarios.Replay))
        {
            return cell;
        }

        return cell with
        {
            RoundTripsPerCheckout = cell.RoundTripsPerCheckout
                ?? costs.RoundTripsFor(cell.Implementation, path, cell.Database),
            StatementsPerCheckout = cell.StatementsPerCheckout
                ?? costs.StatementsFor(cell.Implementation, path, cell.Database),
            AllocatedBytesPerCheckout = cell.AllocatedBytesPerCheckout
                ?? costs.AllocatedBytesFor(cell.Implementation, path, cell.Database),
        };
    }

    private static string Machine()
    {
        var cpu = "unknown CPU";
        if (File.Exists("/proc/cpuinfo"))
        {
            cpu = File.ReadLines("/proc/cpuinfo")
                .FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?
                .Split(':', 2)[1].Trim() ?? cpu;
        }

        var memoryGiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} cores ({cpu}), {memoryGiB:0} GiB, {RuntimeInformation.OSDescription}";
    }

    private static string? GitCommit()
    {
        try
        {
            var start = new ProcessStartInfo("git", "rev-parse --short=12 HEAD")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
