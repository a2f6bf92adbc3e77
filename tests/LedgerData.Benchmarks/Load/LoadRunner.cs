using System.Diagnostics;
using LedgerData.Checkout;

namespace LedgerData.Benchmarks.Load;

/// <summary>
/// Runs one operation in a loop on N concurrent workers for a warm-up and then a fixed measured window. Workers
/// start together from one gate; only operations that finish inside the window count towards throughput and
/// latency, while every outcome, warm-up included, is tallied so that callers can check the database against it.
/// </summary>
internal static class LoadRunner
{
    public delegate Task<CheckoutOutcomeKind> Operation(int worker, long sequence, CancellationToken cancellationToken);

    public static async Task<LoadResult> RunAsync(
        int workers, TimeSpan warmup, TimeSpan duration, Operation operation,
        CancellationToken cancellationToken = default)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new Clock();
        var tallies = new WorkerTally[workers];
        var tasks = new Task[workers];
        for (var worker = 0; worker < workers; worker++)
        {
            var tally = tallies[worker] = new WorkerTally();
            var index = worker;
            tasks[worker] = Task.Run(() => WorkAsync(index, tally), cancellationToken);
        }

        clock.Start(warmup, duration);
        gate.SetResult();
        await Task.WhenAll(tasks);

        return Summarise(tallies, clock.MeasuredTime);

        async Task WorkAsync(int worker, WorkerTally tally)
        {
            await gate.Task;
            for (long sequence = 0; !clock.IsOver && !cancellationToken.IsCancellationRequested; sequence++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var kind = await operation(worker, sequence, cancellationToken);
                    var finished = Stopwatch.GetTimestamp();
                    tally.Outcomes[(int)kind]++;
                    if (clock.IsMeasured(finished))
                    {
                        tally.Latencies.Add(Stopwatch.GetElapsedTime(started, finished).TotalMilliseconds);
                    }
                }
#pragma warning disable CA1031 // A benchmark counts every failure that reaches its caller instead of dying on it.
                catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    tally.Errors++;
                    tally.FirstError ??= exception.GetType().Name + ": " + exception.Message;
                }
            }
        }
    }

    private static LoadResult Summarise(WorkerTally[] tallies, TimeSpan measuredTime)
    {
        var latencies = tallies.SelectMany(tally => tally.Latencies).ToArray();
        Array.Sort(latencies);
        var outcomes = Enum.GetValues<CheckoutOutcomeKind>()
            .ToDictionary(kind => kind, kind => tallies.Sum(tally => tally.Outcomes[(int)kind]));
        return new LoadResult(
            latencies.Length,
            measuredTime,
            Percentiles.Of(latencies, 50),
            Percentiles.Of(latencies, 99),
            outcomes,
            tallies.Sum(tally => tally.Errors),
            tallies.Select(tally => tally.FirstError).FirstOrDefault(error => error is not null));
    }

    private sealed class WorkerTally
    {
        public List<double> Latencies { get; } = new(capacity: 4096);

        public long[] Outcomes { get; } = new long[Enum.GetValues<CheckoutOutcomeKind>().Length];

        public long Errors { get; set; }

        public string? FirstError { get; set; }
    }

    private sealed class Clock
    {
        private long measureFrom;
        private long measureUntil;

        public TimeSpan MeasuredTime => Stopwatch.GetElapsedTime(measureFrom, measureUntil);

        public bool IsOver => Stopwatch.GetTimestamp() >= measureUntil;

        public void Start(TimeSpan warmup, TimeSpan duration)
        {
            var now = Stopwatch.GetTimestamp();
            measureFrom = now + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
            measureUntil = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        }

        public bool IsMeasured(long timestamp) => timestamp >= measureFrom && timestamp < measureUntil;
    }
}
