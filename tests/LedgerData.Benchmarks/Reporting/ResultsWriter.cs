using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LedgerData.Benchmarks.Reporting;

/// <summary>
/// Writes a run as results.md, results.json and throughput.png, and returns the markdown for the console.
/// </summary>
internal static class ResultsWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static async Task<string> WriteAsync(BenchmarkReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        var checks = TargetEvaluator.Evaluate(report);
        var markdown = Markdown(report, checks);
        await File.WriteAllTextAsync(Path.Combine(folder, "results.md"), markdown);

        var json = new
        {
            report.Environment,
            report.Costs.AllocationSource,
            report.Costs.BusinessStepRoundTrips,
            Targets = checks.Select(check => new { check.Target, check.Verdict, check.Detail }),
            Cells = report.Cells,
        };
        await using (var stream = File.Create(Path.Combine(folder, "results.json")))
        {
            await JsonSerializer.SerializeAsync(stream, json, JsonOptions);
        }

        ThroughputChart.Save(report.Cells, Path.Combine(folder, "throughput.png"));
        return markdown;
    }

    public static string Markdown(BenchmarkReport report, IReadOnlyList<TargetCheck> checks)
    {
        var environment = report.Environment;
        var text = new StringBuilder();
        Line(text, $"# LedgerData benchmark, {environment.StartedAt:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        Line(text, $"- Commit: `{environment.Commit ?? "unknown"}`; build: {environment.BuildConfiguration}; ",
            $"{environment.Runtime}");
        Line(text, $"- Machine: {environment.Machine}");
        Line(text, $"- Each cell: {environment.WarmupSeconds:0.#} s warm-up, then {environment.DurationSeconds:0.#} s ",
            $"measured{(environment.Smoke ? " (smoke run: figures are not meaningful)" : "")}");
        if (environment.PostgresVersion is not null)
        {
            Line(text, $"- PostgreSQL: {environment.PostgresVersion}");
            Line(text, $"- PostgreSQL settings: {Settings(environment.PostgresSettings)}");
        }

        if (environment.SqliteVersion is not null)
        {
            Line(text, $"- SQLite {environment.SqliteVersion}: {Settings(environment.SqliteSettings)}");
        }

        text.AppendLine();
        text.AppendLine("| Scenario | Database | Workers | Implementation | Checkouts/s | p50 ms | p99 ms " +
            "| Round trips | Statements | Allocated B | Duplicates | Errors | Notes |");
        text.AppendLine("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var cell in report.Cells)
        {
            Line(text, $"| {cell.Scenario} | {cell.Database} | {cell.Workers} | {cell.Implementation} ",
                $"| {Number(cell.CheckoutsPerSecond, "N0")} | {Number(cell.P50Ms, "0.00")} ",
                $"| {Number(cell.P99Ms, "0.00")} | {Number(cell.RoundTripsPerCheckout, "0.##")} ",
                $"| {Number(cell.StatementsPerCheckout, "0.##")} | {Number(cell.AllocatedBytesPerCheckout, "N0")} ",
                $"| {Count(cell.DuplicateExecutions)} | {Count(cell.Errors)} ",
                $"| {Notes(cell)} |");
        }

        text.AppendLine();
        text.AppendLine("## Ratios (LedgerData throughput / baseline throughput, same run)");
        text.AppendLine();
        text.AppendLine("| Scenario | Workers | Baseline | Ratio |");
        text.AppendLine("|---|---:|---|---:|");
        foreach (var (scenario, workers, baseline, ratio) in new Ratios(report.Cells).All())
        {
            Line(text, $"| {scenario} | {workers} | LedgerData / {baseline} | {ratio:0.00} × |");
        }

        text.AppendLine();
        text.AppendLine("## Targets");
        text.AppendLine();
        text.AppendLine("| Target | Verdict | Figures |");
        text.AppendLine("|---|---|---|");
        foreach (var check in checks)
        {
            Line(text, $"| {check.Target} | {check.Verdict} | {check.Detail} |");
        }

        text.AppendLine();
        text.AppendLine("## How the figures are obtained");
        text.AppendLine();
        text.AppendLine("- Throughput counts checkouts that finished inside the measured window; p50 and p99 are " +
            "nearest-rank percentiles of those checkouts' latencies as the caller saw them.");
        text.AppendLine("- Round trips are counted on a serial run with tracing on: one per command that Npgsql " +
            "executes (its ActivitySource \"Npgsql\" starts one activity per command or batch), plus one per commit " +
            "or rollback (reported by a counting unit-of-work decorator for LedgerData and by a transaction " +
            "interceptor for EF Core). BEGIN costs none: Npgsql sends it with the first command. Statements are the " +
            "SQL statements in those commands, LedgerData's `SET LOCAL lock_timeout` included, BEGIN/COMMIT " +
            "excluded. pgbench's figures are counted from its script: one per pipeline block or lone command.");
        Line(text, $"- Allocations: {report.Costs.AllocationSource}. Business step round trips ",
            $"(InventoryRepository.ReserveAsync alone): {Number(report.Costs.BusinessStepRoundTrips, "0.##")}.");
        text.AppendLine("- Duplicates are read back from the database after each cell: reservations minus fulfilled " +
            "attempts in the cell's scope (one line per order). Duplicate delivery sends every key twice at about " +
            "the same moment from two workers; its throughput counts both deliveries.");
        text.AppendLine("- Contention: stock exact means the units that left the hot SKU equal both the checkouts " +
            "callers were told completed and the fulfilled attempts in the database.");
        return text.ToString();
    }

    private static string Notes(CellResult cell)
    {
        var notes = new List<string>();
        if (cell.StockExact is { } exact)
        {
            notes.Add(exact ? "stock exact" : "STOCK WRONG");
        }

        if (cell.Note is not null)
        {
            notes.Add(cell.Note.Replace('|', '/'));
        }

        return string.Join("; ", notes);
    }

    private static string Count(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "–";

    private static string Settings(IReadOnlyDictionary<string, string> settings)
        => string.Join(", ", settings.Select(pair => $"{pair.Key}={pair.Value}"));

    private static string Number(double? value, string format)
        => value is { } number && !double.IsNaN(number) ? number.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static void Line(StringBuilder text, params FormattableString[] parts)
    {
        foreach (var part in parts)
        {
            text.Append(part.ToString(CultureInfo.InvariantCulture));
        }

        text.AppendLine();
    }
}
