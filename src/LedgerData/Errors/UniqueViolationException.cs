namespace LedgerData.Errors;

/// <summary>A statement would have written a second row with the same value for a unique key.</summary>
public sealed class UniqueViolationException : LedgerDataException
{
    /// <summary>Creates the exception for the named constraint.</summary>
    public UniqueViolationException(string? constraintName, Exception? innerException)
        : base(
            $"A row with the same unique key already exists (constraint '{constraintName ?? "unknown"}'). " +
            "Read the existing row instead, or use a statement that tolerates the duplicate.",
            innerException)
    {
        ConstraintName = constraintName;
    }

    /// <summary>The violated constraint, when the database names it.</summary>
    public string? ConstraintName { get; }

    /// <inheritdoc/>
    public override bool IsTransient => false;
}
