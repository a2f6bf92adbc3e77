namespace LedgerData.Errors;

/// <summary>
/// SQLite's single write lock stayed with another connection for longer than the busy timeout.
/// </summary>
public sealed class DatabaseBusyException : LedgerDataException
{
    /// <summary>Creates the exception.</summary>
    public DatabaseBusyException(Exception? innerException)
        : base(
            "The SQLite database stayed locked by another writer for longer than the busy timeout. " +
            "Retry later or raise the timeout.",
            innerException)
    {
    }

    /// <inheritdoc/>
    public override bool IsTransient => true;
}
