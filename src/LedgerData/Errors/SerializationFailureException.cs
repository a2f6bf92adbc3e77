namespace LedgerData.Errors;

/// <summary>
/// The database aborted the transaction to keep concurrent transactions consistent: a serialization failure or
/// a deadlock. The whole unit of work can be run again.
/// </summary>
public sealed class SerializationFailureException : LedgerDataException
{
    /// <summary>Creates the exception; <paramref name="isDeadlock"/> tells which of the two it was.</summary>
    public SerializationFailureException(bool isDeadlock, Exception? innerException)
        : base(
            (isDeadlock ? "The database broke a deadlock" : "The database could not serialize the transaction") +
            " and rolled this unit of work back. Run the whole unit of work again.",
            innerException)
    {
        IsDeadlock = isDeadlock;
    }

    /// <summary>True for a deadlock, false for a serialization failure.</summary>
    public bool IsDeadlock { get; }

    /// <inheritdoc/>
    public override bool IsTransient => true;
}
