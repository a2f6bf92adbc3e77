using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LedgerData.Benchmarks.Load;
using Npgsql;

namespace LedgerData.Benchmarks.Pgbench;

/// <summary>
/// Runs pgbench with one of the scripts in this folder against the benchmark database: prepared statements, the
/// same number of clients as LedgerData's workers, a warm-up run and then a measured run whose per-transaction log
/// gives the latency percentiles.
/// </summary>
internal sealed partial class PgbenchRunner(string executable, string connectionString, string workFolder)
{
    public static string? Find(string? configured)
    {
        string[] candidates = [configured ?? "", "/usr/bin/pgbench", "/usr/lib/postgresql/15/bin/pgbench"];
        return candidates.FirstOrDefault(path => path.Length > 0 && File.Exists(path));
    }

    public static string ScriptPath(string name) => Path.Combine(AppContext.BaseDirectory, "Pgbench", name);

    public async Task<PgbenchResult> RunAsync(
        string scriptName, string scope, int clients, TimeSpan warmup, TimeSpan duration,
        IReadOnlyDictionary<string, string>? variables = null, CancellationToken cancellationToken = default)
    {
        var script = ScriptPath(scriptName);
        var logFolder = Directory.CreateDirectory(Path.Combine(workFolder, $"pgbench-{scope}")).FullName;
        foreach (var old in Directory.GetFiles(logFolder))
        {
            File.Delete(old);
        }

        var defines = new Dictionary<string, string>(StringComparer.Ordinal) { ["scope"] = scope };
        foreach (var (name, value) in variables ?? new Dictionary<string, string>())
        {
            defines[name] = value;
        }

        if (warmup > TimeSpan.Zero)
        {
            await RunProcessAsync(Arguments(script, clients, warmup, defines, null), cancellationToken);
        }

        var output = await RunProcessAsync(
            Arguments(script, clients, duration, defines, Path.Combine(logFolder, "log")), cancellationToken);
        var latencies = ReadLatencies(logFolder);
        var (roundTrips, statements) = CountScript(await File.ReadAllLinesAsync(script, cancellationToken));
        return new PgbenchResult(
            ParseDouble(TpsLine().Match(output)),
            Percentiles.Of(latencies, 50),
            Percentiles.Of(latencies, 99),
            latencies.Length,
            (long)ParseDouble(FailedLine().Match(output)),
            roundTrips,
            statements);
    }

    /// <summary>
    /// Counts the script's round trips (each pipeline block is one, each other SQL command one) and its SQL
    /// statements, BEGIN and COMMIT excluded as LedgerData's count excludes them.
    /// </summary>
    public static (int RoundTrips, int Statements) CountScript(IEnumerable<string> lines)
    {
        int roundTrips = 0, statements = 0;
        var inPipeline = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith("\\startpipeline", StringComparison.Ordinal))
            {
                inPipeline = true;
                roundTrips++;
            }
            else if (line.StartsWith("\\endpipeline", StringComparison.Ordinal))
            {
                inPipeline = false;
            }
            else if (line.EndsWith(';') && !line.StartsWith("--", StringComparison.Ordinal))
            {
                var transactionControl = line is "BEGIN;" or "COMMIT;" or "ROLLBACK;";
                statements += transactionControl ? 0 : 1;
                roundTrips += inPipeline || line == "BEGIN;" ? 0 : 1;
            }
        }

        return (roundTrips, statements);
    }

    private List<string> Arguments(
        string script, int clients, TimeSpan duration, Dictionary<string, string> defines, string? logPrefix)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var arguments = new List<string>
        {
            "-h", target.Host ?? "127.0.0.1", "-p", target.Port.ToString(CultureInfo.InvariantCulture),
            "-U", target.Username ?? "postgres", "-n", "-M", "prepared", "-f", script,
            "-c", clients.ToString(CultureInfo.InvariantCulture),
            "-j", Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture),
            "-T", Math.Max(1, (int)Math.Round(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in defines)
        {
            arguments.Add("-D");
            arguments.Add($"{name}={value}");
        }

        if (logPrefix is not null)
        {
            arguments.Add("-l");
            arguments.Add("--log-prefix=" + logPrefix);
        }

        arguments.Add(target.Database ?? "postgres");
        return arguments;
    }

    private async Task<string> RunProcessAsync(List<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var password = new NpgsqlConnectionStringBuilder(connectionString).Password;
        if (!string.IsNullOrEmpty(password))
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("pgbench did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"pgbench exited with {process.ExitCode}; its output was:{Environment.NewLine}{output}");
        }

        return output;
    }

    // pgbench -l writes one line per transaction: client, transaction number, latency in microseconds, script,
    // epoch seconds, microseconds.
    private static double[] ReadLatencies(string logFolder)
    {
        var latencies = new List<double>();
        foreach (var file in Directory.GetFiles(logFolder))
        {
            foreach (var line in File.ReadLines(file))
            {
                var fields = line.Split(' ');
                if (fields.Length >= 3 && long.TryParse(fields[2], CultureInfo.InvariantCulture, out var micros))
                {
                    latencies.Add(micros / 1000.0);
                }
            }
        }

        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    private static double ParseDouble(Match match)
        => match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"number of failed transactions: ([0-9]+)")]
    private static partial Regex FailedLine();
}
