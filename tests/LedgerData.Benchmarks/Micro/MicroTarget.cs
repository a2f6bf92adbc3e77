using LedgerData.Benchmarks.Clients;

namespace LedgerData.Benchmarks.Micro;

/// <summary>
/// What the in-process BenchmarkDotNet run measures against: BenchmarkDotNet creates the benchmark class itself, so
/// the suite hands it the clients and the prepared scope through this holder.
/// </summary>
internal sealed record MicroTarget(
    ICheckoutClient LedgerData, ICheckoutClient EfCore, string FreshScope, string ReplayScope, string ReplayKey)
{
    public static MicroTarget? Current { get; set; }
}
