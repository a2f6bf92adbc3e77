namespace LedgerData.Transactions;

/// <summary>Opens a connection and begins a write transaction on it, one per unit of work.</summary>
public interface IUnitOfWorkFactory
{
    /// <summary>The database the units of work run on.</summary>
    DatabaseProvider Provider { get; }

    /// <summary>
    /// Begins a unit of work whose statements wait at most <paramref name="lockTimeout"/> (or the factory's
    /// default) for locks that other transactions hold.
    /// </summary>
    Task<IUnitOfWork> BeginAsync(TimeSpan? lockTimeout = null, CancellationToken cancellationToken = default);
}
