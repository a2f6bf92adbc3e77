using LedgerData.Transactions;

namespace LedgerData.Checkout;

/// <summary>Settings of a <see cref="CheckoutProcessor"/>.</summary>
public sealed class CheckoutOptions
{
    /// <summary>
    /// How long a repeat waits for a still-running request with the same key before it gets
    /// <see cref="CheckoutOutcomeKind.InProgress"/>: PostgreSQL's lock_timeout, SQLite's busy timeout.
    /// </summary>
    public TimeSpan InFlightWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an attempt and its stored result are kept; after that the key is new again.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Whether a key whose attempt was refused may run again.</summary>
    public FailedAttemptPolicy FailedAttempts { get; set; } = FailedAttemptPolicy.Terminal;

    /// <summary>How often a checkout runs again after a deadlock, serialization failure or lost connection.</summary>
    public TransientRetryPolicy TransientRetry { get; set; } = TransientRetryPolicy.Default;
}
