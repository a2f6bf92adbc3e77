namespace LedgerData.Transactions;

internal static class LockTimeouts
{
    /// <summary>The longest wait accepted: long waits hold connections and hide contention that needs fixing.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromMinutes(10);

    public static TimeSpan Validate(TimeSpan lockTimeout, string parameterName = "lockTimeout")
    {
        if (lockTimeout <= TimeSpan.Zero || lockTimeout > Maximum)
        {
            throw new ArgumentOutOfRangeException(
                parameterName, lockTimeout, $"A lock timeout must be above zero and at most {Maximum}.");
        }

        return lockTimeout;
    }
}
