using LedgerData.Checkout;

namespace LedgerData.DependencyInjection;

/// <summary>
/// How <see cref="LedgerDataServiceCollectionExtensions"/> wires LedgerData: which database, where it is, and how
/// checkouts behave.
/// </summary>
public sealed class LedgerDataOptions
{
    /// <summary>The database to run on; SQLite unless configured otherwise.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The Npgsql or Microsoft.Data.Sqlite connection string, such as <c>Data Source=data/ledger.db</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long a statement waits for a lock held by another transaction before it fails.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a repeated request waits for a still-running request with the same key.</summary>
    public TimeSpan InFlightWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an attempt and its stored result are kept before its key is new again.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Whether a key whose checkout the business step refused may run again.</summary>
    public FailedAttemptPolicy FailedAttempts { get; set; } = FailedAttemptPolicy.Terminal;

    /// <summary>Attempts in all, the first included, for a checkout that meets a deadlock or lost connection.</summary>
    public int TransientRetryAttempts { get; set; } = 3;
}
