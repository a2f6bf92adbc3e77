namespace LedgerData.Errors;

/// <summary>
/// The connection broke or the server ended the session in the middle of a unit of work. The server rolled the
/// transaction back, so nothing of it was written; the whole unit of work can be run again.
/// </summary>
public sealed class ConnectionLostException : LedgerDataException
{
    /// <summary>Creates the exception.</summary>
    public ConnectionLostException(Exception? innerException)
        : base(
            "The database connection was lost in the middle of a unit of work; the server rolled it back. " +
            "Run the whole unit of work again.",
            innerException)
    {
    }

    /// <inheritdoc/>
    public override bool IsTransient => true;
}
