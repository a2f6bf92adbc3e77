using LedgerData.Errors;

namespace LedgerData.Transactions;

/// <summary>Runs whole units of work, committing them and retrying them on transient failures.</summary>
public static class UnitOfWorkFactoryExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> in a new unit of work and commits it. When the unit fails with a transient
    /// <see cref="LedgerDataException"/>, it is rolled back and the whole of <paramref name="work"/> runs again in
    /// a fresh unit of work, up to the policy's attempts; a single statement is never retried on its own.
    /// </summary>
    /// <remarks><paramref name="work"/> must not commit or roll back itself; throwing rolls everything back.</remarks>
    public static async Task<T> RunAsync<T>(
        this IUnitOfWorkFactory factory,
        Func<IUnitOfWork, CancellationToken, Task<T>> work,
        TransientRetryPolicy? retryPolicy = null,
        TimeSpan? lockTimeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return await RunWithRetryAsync(
                token => factory.BeginAsync(lockTimeout, token), work, retryPolicy, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="read"/> in a new read-only unit of work (see
    /// <see cref="IUnitOfWorkFactory.BeginReadOnlyAsync"/>), retrying it whole on transient failures like
    /// <see cref="RunAsync{T}"/>.
    /// </summary>
    public static async Task<T> ReadAsync<T>(
        this IUnitOfWorkFactory factory,
        Func<IUnitOfWork, CancellationToken, Task<T>> read,
        TransientRetryPolicy? retryPolicy = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return await RunWithRetryAsync(factory.BeginReadOnlyAsync, read, retryPolicy, cancellationToken)
            .ConfigureAwait(false);
    }

    private static async Task<T> RunWithRetryAsync<T>(
        Func<CancellationToken, Task<IUnitOfWork>> begin,
        Func<IUnitOfWork, CancellationToken, Task<T>> work,
        TransientRetryPolicy? retryPolicy,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var policy = retryPolicy ?? TransientRetryPolicy.Default;

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var unitOfWork = await begin(cancellationToken).ConfigureAwait(false);
                await using (unitOfWork.ConfigureAwait(false))
                {
                    var result = await work(unitOfWork, cancellationToken).ConfigureAwait(false);
                    await unitOfWork.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
            }
            catch (LedgerDataException exception) when (exception.IsTransient && attempt < policy.MaxAttempts)
            {
                await Task.Delay(policy.DelayBefore(attempt + 1), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
