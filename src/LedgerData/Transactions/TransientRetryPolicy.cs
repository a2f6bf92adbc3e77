namespace LedgerData.Transactions;

/// <summary>
/// How often a whole unit of work is run again after a transient failure (deadlock, serialization failure, lock
/// timeout, busy database, lost connection), and how long to wait in between.
/// </summary>
public sealed record TransientRetryPolicy
{
    /// <summary>No retries: the first failure surfaces.</summary>
    public static readonly TransientRetryPolicy None = new() { MaxAttempts = 1 };

    /// <summary>Three attempts, starting 20 ms apart.</summary>
    public static readonly TransientRetryPolicy Default = new();

    private readonly int maxAttempts = 3;
    private readonly TimeSpan baseDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>Attempts in all, the first included; at least 1.</summary>
    public int MaxAttempts
    {
        get => maxAttempts;
        init => maxAttempts = value is >= 1 and <= 100
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxAttempts), value, "Attempts must be 1 to 100.");
    }

    /// <summary>
    /// The wait before the second attempt; it doubles for each later one, and a random part of up to the same
    /// size again keeps colliding callers from retrying in step.
    /// </summary>
    public TimeSpan BaseDelay
    {
        get => baseDelay;
        init => baseDelay = value >= TimeSpan.Zero && value <= TimeSpan.FromMinutes(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(BaseDelay), value, "The delay must be 0 to 1 minute.");
    }

    internal TimeSpan DelayBefore(int attempt)
    {
        var doubled = BaseDelay * Math.Pow(2, Math.Min(attempt - 2, 10));
        return doubled + (doubled * Random.Shared.NextDouble());
    }
}
