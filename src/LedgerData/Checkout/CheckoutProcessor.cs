using LedgerData.Transactions;
using Microsoft.Extensions.Logging;
using System.Diagnostics.Metrics;

namespace LedgerData.Checkout;

/// <summary>
/// Runs checkouts exactly once per idempotency key: the key claim, the business step, the ledger entry and the
/// stored result commit in one unit of work, and the database's unique keys and row locks decide who wins.
/// </summary>
public sealed class CheckoutProcessor
{
    /// <summary>Creates a processor; the step defaults to reserving inventory for the order in the payload.</summary>
    public CheckoutProcessor(
        IUnitOfWorkFactory factory,
        CheckoutOptions? options = null,
        ICheckoutStep? step = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
    {
        throw new NotImplementedException();
    }

    /// <summary>Executes the checkout, or answers for the execution that holds its key.</summary>
    public Task<CheckoutOutcome> ProcessAsync(CheckoutRequest request, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    /// <summary>Returns the scope's attempt, or null when the scope has none with that id.</summary>
    public Task<CheckoutAttempt?> FindAttemptAsync(
        string scope, Guid attemptId, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    /// <summary>Deletes attempts past their expiry, in batches of at most <paramref name="batchSize"/>, and returns
    /// how many it deleted.</summary>
    public Task<int> PurgeExpiredAsync(int batchSize = 500, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();
}
