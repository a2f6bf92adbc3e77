using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LedgerData.Benchmarks.Counting;

/// <summary>
/// Reports the commits and rollbacks of EF Core's SaveChanges transactions to a <see cref="RoundTripCounter"/>.
/// </summary>
internal sealed class TransactionCountingInterceptor(RoundTripCounter counter) : DbTransactionInterceptor
{
    public override Task TransactionCommittedAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        counter.TransactionEnded();
        return Task.CompletedTask;
    }

    public override Task TransactionRolledBackAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        counter.TransactionEnded();
        return Task.CompletedTask;
    }
}
