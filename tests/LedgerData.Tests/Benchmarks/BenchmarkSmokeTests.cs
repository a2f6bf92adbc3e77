using System.Text.Json;
using LedgerData.Benchmarks;
using LedgerData.Benchmarks.Reporting;
using LedgerData.Tests.Infrastructure;

namespace LedgerData.Tests.Benchmarks;

/// <summary>
/// Runs the benchmark's whole suite for a fraction of a second per cell, without pgbench or BenchmarkDotNet, so
/// that the benchmark keeps building and running and its exactly-once checks keep holding.
/// </summary>
public sealed class BenchmarkSmokeTests(DatabaseProvider provider) : DatabaseFixture(provider)
{
    private string outputFolder = "";

    [SetUp]
    public void CreateOutputFolder() => outputFolder = Directory.CreateTempSubdirectory("ledgerdata-bench-").FullName;

    [TearDown]
    public void DeleteOutputFolder() => Directory.Delete(outputFolder, recursive: true);

    [Test]
    public async Task Smoke_run_writes_every_cell_with_throughput_and_no_duplicate_executions()
    {
        var settings = new BenchmarkSettings
        {
            PostgresConnectionString = Provider == DatabaseProvider.Postgres ? Database.ConnectionString : null,
            SqliteFolder = Provider == DatabaseProvider.Sqlite ? Path.Combine(outputFolder, "sqlite") : null,
            Duration = TimeSpan.FromSeconds(0.3),
            Warmup = TimeSpan.FromSeconds(0.05),
            Smoke = true,
            RunPgbench = false,
            RunBenchmarkDotNet = false,
            OutputFolder = outputFolder,
            Commit = "smoke",
        };

        var report = await BenchmarkSuite.RunAsync(settings);
        await ResultsWriter.WriteAsync(report, outputFolder);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outputFolder, "results.json")));
        var cells = json.RootElement.GetProperty("cells").EnumerateArray().ToList();
        cells.Should().HaveCount(Provider == DatabaseProvider.Postgres ? 13 : 2);
        cells.Should().OnlyContain(cell => cell.GetProperty("checkoutsPerSecond").GetDouble() > 0);

        var ledgerData = cells.Where(cell => cell.GetProperty("implementation").GetString() == "ledgerdata").ToList();
        ledgerData.Should().NotBeEmpty();
        ledgerData.Should().OnlyContain(cell => cell.GetProperty("duplicateExecutions").GetInt64() == 0);
        ledgerData.Should().OnlyContain(cell => cell.GetProperty("errors").GetInt64() == 0);
        File.Exists(Path.Combine(outputFolder, "results.md")).Should().BeTrue();
        new FileInfo(Path.Combine(outputFolder, "throughput.png")).Length.Should().BePositive();

        if (Provider == DatabaseProvider.Postgres)
        {
            var fresh = ledgerData.First(cell => cell.GetProperty("scenario").GetString() == "fresh");
            fresh.GetProperty("roundTripsPerCheckout").GetDouble().Should().BeGreaterThan(0);
            fresh.GetProperty("allocatedBytesPerCheckout").GetDouble().Should().BeGreaterThan(0);
            var contention = ledgerData.Single(cell => cell.GetProperty("scenario").GetString() == "contention");
            contention.GetProperty("stockExact").GetBoolean().Should().BeTrue();
        }
    }
}
