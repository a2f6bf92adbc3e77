namespace LedgerData.Errors;

/// <summary>
/// A database error that LedgerData recognises and translates, with the provider's exception kept as the
/// inner exception.
/// </summary>
public abstract class LedgerDataException : Exception
{
    /// <summary>Creates the exception with a message and the provider exception that caused it.</summary>
    protected LedgerDataException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// True when running the whole unit of work again may succeed: the database refused this attempt because of
    /// what other transactions were doing at the time, not because of what this one asked for.
    /// </summary>
    public abstract bool IsTransient { get; }
}
