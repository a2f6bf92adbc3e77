namespace LedgerData;

/// <summary>The databases LedgerData runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>PostgreSQL through Npgsql: row locks, <c>lock_timeout</c>, many concurrent writers.</summary>
    Postgres,

    /// <summary>SQLite through Microsoft.Data.Sqlite: one writer at a time, which takes the lock at begin.</summary>
    Sqlite,
}
