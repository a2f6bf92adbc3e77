namespace LedgerData.Transactions;

/// <summary>Settings shared by the unit-of-work factories.</summary>
public sealed class UnitOfWorkFactoryOptions
{
    /// <summary>
    /// How long a statement waits for a lock that another transaction holds before it fails, unless
    /// <see cref="IUnitOfWorkFactory.BeginAsync"/> is given another value. On SQLite this is the busy timeout.
    /// </summary>
    public TimeSpan DefaultLockTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
