using BenchmarkDotNet.Attributes;
using LedgerData.Checkout;

namespace LedgerData.Benchmarks.Micro;

/// <summary>Allocated bytes per checkout, one benchmark per implementation and path, measured one at a time.</summary>
[MemoryDiagnoser]
#pragma warning disable CA1822 // BenchmarkDotNet runs instance methods.
public class CheckoutAllocations
{
    private long sequence;

    private static MicroTarget Target => MicroTarget.Current
        ?? throw new InvalidOperationException("The suite sets MicroTarget.Current before it runs BenchmarkDotNet.");

    [Benchmark]
    public Task<CheckoutOutcomeKind> LedgerDataFresh() => Fresh(Target.LedgerData, "ld");

    [Benchmark]
    public Task<CheckoutOutcomeKind> LedgerDataReplay() => Replay(Target.LedgerData);

    [Benchmark]
    public Task<CheckoutOutcomeKind> EfCoreFresh() => Fresh(Target.EfCore, "ef");

    [Benchmark]
    public Task<CheckoutOutcomeKind> EfCoreReplay() => Replay(Target.EfCore);

    private Task<CheckoutOutcomeKind> Fresh(Clients.ICheckoutClient client, string prefix)
    {
        var key = $"micro-{prefix}-{Interlocked.Increment(ref sequence)}-{Environment.TickCount64}";
        return client.SendAsync(
            CheckoutPayloads.Request(Target.FreshScope, key, CheckoutPayloads.WorkerSku(0)), CancellationToken.None);
    }

    private static Task<CheckoutOutcomeKind> Replay(Clients.ICheckoutClient client)
        => client.SendAsync(
            CheckoutPayloads.Request(Target.ReplayScope, Target.ReplayKey, CheckoutPayloads.WorkerSku(0)),
            CancellationToken.None);
}
#pragma warning restore CA1822
