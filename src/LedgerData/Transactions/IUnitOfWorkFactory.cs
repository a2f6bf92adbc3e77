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

    /// <summary>
    /// Begins a unit of work for reading only. It takes no write lock: on SQLite it reads a snapshot beside the
    /// writer instead of queueing behind it; on PostgreSQL the server refuses any write in it.
    /// </summary>
    Task<IUnitOfWork> BeginReadOnlyAsync(CancellationToken cancellationToken = default);
}
