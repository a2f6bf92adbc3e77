using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LedgerData.Benchmarks.Micro;

/// <summary>
/// Runs <see cref="CheckoutAllocations"/> with BenchmarkDotNet's memory diagnoser, in this process (no generated
/// project to build) and with a short job, and returns allocated bytes per operation by benchmark name.
/// </summary>
internal static class AllocationMeasurer
{
    public static IReadOnlyDictionary<string, double> Run(MicroTarget target, string artifactsFolder)
    {
        MicroTarget.Current = target;
        var job = Job.ShortRun
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(2)
            .WithIterationCount(3)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250));
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .WithArtifactsPath(artifactsFolder)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.JoinSummary);

        var summary = BenchmarkRunner.Run<CheckoutAllocations>(config);
        var allocations = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var report in summary.Reports)
        {
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            if (bytes is not null)
            {
                allocations[report.BenchmarkCase.Descriptor.WorkloadMethod.Name] = bytes.Value;
            }
        }

        return allocations;
    }
}
