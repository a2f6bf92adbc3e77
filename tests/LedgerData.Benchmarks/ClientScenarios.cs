using LedgerData.Benchmarks.Clients;
using LedgerData.Benchmarks.Load;
using LedgerData.Checkout;

namespace LedgerData.Benchmarks;

/// <summary>The load each scenario puts on a client, the same for every implementation.</summary>
internal static class ClientScenarios
{
    public static Task<LoadResult> FreshAsync(
        ICheckoutClient client, string scope, int workers, BenchmarkSettings settings, string sku = "",
        CancellationToken cancellationToken = default)
        => LoadRunner.RunAsync(workers, settings.Warmup, settings.Duration, (worker, sequence, token) =>
            client.SendAsync(
                CheckoutPayloads.Request(
                    scope, $"f-{worker}-{sequence}", sku.Length > 0 ? sku : CheckoutPayloads.WorkerSku(worker)),
                token), cancellationToken);

    public static async Task<LoadResult> ReplayAsync(
        ICheckoutClient client, string scope, int workers, BenchmarkSettings settings,
        CancellationToken cancellationToken = default)
    {
        var keys = settings.ReplayKeysPerWorker;
        await Parallel.ForAsync(0, workers, cancellationToken, async (worker, token) =>
        {
            for (var index = 0; index < keys; index++)
            {
                await client.SendAsync(ReplayRequest(scope, worker, index), token);
            }
        });

        return await LoadRunner.RunAsync(workers, settings.Warmup, settings.Duration, (worker, sequence, token) =>
            client.SendAsync(ReplayRequest(scope, worker, (int)(sequence % keys)), token), cancellationToken);
    }

    /// <summary>Each key is taken by two workers one after the other, so both deliveries race.</summary>
    public static Task<LoadResult> DuplicateDeliveryAsync(
        ICheckoutClient client, string scope, int workers, BenchmarkSettings settings,
        CancellationToken cancellationToken = default)
    {
        var next = -1L;
        return LoadRunner.RunAsync(workers, settings.Warmup, settings.Duration, (_, _, token) =>
        {
            var order = Interlocked.Increment(ref next) / 2;
            var sku = CheckoutPayloads.WorkerSku((int)(order % workers));
            return client.SendAsync(CheckoutPayloads.Request(scope, $"d-{order}", sku), token);
        }, cancellationToken);
    }

    public static CheckoutRequest ReplayRequest(string scope, int worker, int index)
        => CheckoutPayloads.Request(scope, $"r-{worker}-{index}", CheckoutPayloads.WorkerSku(worker));
}
