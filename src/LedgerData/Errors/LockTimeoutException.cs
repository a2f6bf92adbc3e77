namespace LedgerData.Errors;

/// <summary>
/// A statement waited longer than the unit of work's lock timeout for a row that another transaction holds.
/// The other transaction is still running; try again later.
/// </summary>
public sealed class LockTimeoutException : LedgerDataException
{
    /// <summary>Creates the exception.</summary>
    public LockTimeoutException(Exception? innerException)
        : base(
            "Another transaction held a lock longer than this unit of work's lock timeout. " +
            "The other transaction is still running; retry later or raise the timeout.",
            innerException)
    {
    }

    /// <inheritdoc/>
    public override bool IsTransient => true;
}
