using LedgerData.Transactions;

namespace LedgerData.Benchmarks.Counting;

/// <summary>
/// Hands out LedgerData's own units of work and reports each commit and rollback, including the rollback that
/// disposing an unfinished unit sends, to a <see cref="RoundTripCounter"/>.
/// </summary>
internal sealed class CountingUnitOfWorkFactory(IUnitOfWorkFactory inner, RoundTripCounter counter) : IUnitOfWorkFactory
{
    public DatabaseProvider Provider => inner.Provider;

    public async Task<IUnitOfWork> BeginAsync(
        TimeSpan? lockTimeout = null, CancellationToken cancellationToken = default)
        => new CountingUnitOfWork(await inner.BeginAsync(lockTimeout, cancellationToken), counter);

    public async Task<IUnitOfWork> BeginReadOnlyAsync(CancellationToken cancellationToken = default)
        => new CountingUnitOfWork(await inner.BeginReadOnlyAsync(cancellationToken), counter);
}
