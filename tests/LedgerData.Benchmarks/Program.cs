using System.CommandLine;
using LedgerData.Benchmarks.Reporting;
using Npgsql;

namespace LedgerData.Benchmarks;

/// <summary>
/// The benchmark's command line: creates a fresh benchmark database on the PostgreSQL server it is given, runs the
/// suite, and writes the results. `build.ps1 bench` runs it against a durable cluster of its own.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Admin connection string of the PostgreSQL server (default: $LEDGERDATA_PG); " +
                "the benchmark creates its own database on it.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LEDGERDATA_PG"),
        };
        var database = new Option<string>("--database")
        {
            Description = "Name of the benchmark database, dropped and created afresh.",
            DefaultValueFactory = _ => "ledgerdata_bench",
        };
        var duration = new Option<double>("--duration")
        {
            Description = "Measured seconds per cell.", DefaultValueFactory = _ => 25,
        };
        var warmup = new Option<double>("--warmup")
        {
            Description = "Warm-up seconds before each cell.", DefaultValueFactory = _ => 3,
        };
        var smoke = new Option<bool>("--smoke")
        {
            Description = "About a second per cell, no pgbench, no BenchmarkDotNet: checks that everything runs.",
        };
        var output = new Option<string>("--output")
        {
            Description = "Folder for results.md, results.json and throughput.png.",
            DefaultValueFactory = _ => Path.Combine("artifacts", "bench"),
        };
        var pgbench = new Option<string?>("--pgbench") { Description = "Path of the pgbench executable." };
        var noPgbench = new Option<bool>("--no-pgbench") { Description = "Skip the pgbench baseline." };
        var noMicro = new Option<bool>("--no-benchmarkdotnet")
        {
            Description = "Skip BenchmarkDotNet; allocations then come from GC counters.",
        };
        var noSqlite = new Option<bool>("--no-sqlite") { Description = "Skip the SQLite cells." };
        var commit = new Option<string?>("--commit") { Description = "The commit measured (default: git HEAD)." };

        var root = new RootCommand("LedgerData checkout benchmark against pgbench, EF Core and the naive pattern.")
        {
            postgres, database, duration, warmup, smoke, output, pgbench, noPgbench, noMicro, noSqlite, commit,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var isSmoke = parse.GetValue(smoke);
            var outputFolder = Path.GetFullPath(parse.GetValue(output)!);
            var admin = parse.GetValue(postgres);
            var settings = new BenchmarkSettings
            {
                PostgresConnectionString = string.IsNullOrWhiteSpace(admin)
                    ? null
                    : await CreateDatabaseAsync(admin, parse.GetValue(database)!),
                SqliteFolder = parse.GetValue(noSqlite) ? null : Path.Combine(outputFolder, "sqlite"),
                Duration = TimeSpan.FromSeconds(
                    isSmoke ? Math.Min(parse.GetValue(duration), 1) : parse.GetValue(duration)),
                Warmup = TimeSpan.FromSeconds(isSmoke ? Math.Min(parse.GetValue(warmup), 0.2) : parse.GetValue(warmup)),
                Smoke = isSmoke,
                RunPgbench = !isSmoke && !parse.GetValue(noPgbench),
                PgbenchPath = parse.GetValue(pgbench),
                RunBenchmarkDotNet = !isSmoke && !parse.GetValue(noMicro),
                OutputFolder = outputFolder,
                Commit = parse.GetValue(commit),
            };
            if (settings.PostgresConnectionString is null)
            {
                await Console.Error.WriteLineAsync("No PostgreSQL server given (--postgres or LEDGERDATA_PG): " +
                    "only the SQLite cells run.");
            }

            ThreadPool.SetMinThreads(64, 64);
            var report = await BenchmarkSuite.RunAsync(settings, cancellationToken);
            var markdown = await ResultsWriter.WriteAsync(report, outputFolder);
            Console.WriteLine();
            Console.WriteLine(markdown);
            Console.WriteLine($"Results written to {outputFolder}");
            return 0;
        });
        return await root.Parse(args).InvokeAsync();
    }

    private static async Task<string> CreateDatabaseAsync(string adminConnectionString, string name)
    {
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }
}
