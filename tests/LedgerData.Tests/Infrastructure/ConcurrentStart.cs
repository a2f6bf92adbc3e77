namespace LedgerData.Tests.Infrastructure;

/// <summary>
/// Starts many callers at one moment: each runs its preparation, then waits at a barrier until all have
/// arrived, and only then does its work. No sleeps: the barrier, not timing, makes the race.
/// </summary>
internal static class ConcurrentStart
{
    public static async Task<T[]> RunAsync<T>(int callers, Func<int, Task<T>> work)
    {
        using var barrier = new Barrier(callers);
        var tasks = Enumerable.Range(0, callers)
            .Select(index => Task.Factory.StartNew(
                () =>
                {
                    if (!barrier.SignalAndWait(TimeSpan.FromSeconds(60)))
                    {
                        throw new TimeoutException($"Only some of the {callers} callers reached the barrier.");
                    }

                    return work(index);
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).Unwrap())
            .ToArray();
        return await Task.WhenAll(tasks);
    }
}
