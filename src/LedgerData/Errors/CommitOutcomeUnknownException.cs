namespace LedgerData.Errors;

/// <summary>
/// The connection broke while the commit was under way, so this client cannot tell whether the transaction
/// committed. Running the unit of work again blindly could apply it twice; run it again only when it is
/// idempotent (as a checkout is, through its key), or read back what happened first.
/// </summary>
public sealed class CommitOutcomeUnknownException : LedgerDataException
{
    /// <summary>Creates the exception.</summary>
    public CommitOutcomeUnknownException(Exception? innerException)
        : base(
            "The connection was lost during the commit, so whether the unit of work committed is unknown. " +
            "Read back its effects, or repeat it only if repeating it is harmless.",
            innerException)
    {
    }

    /// <inheritdoc/>
    /// <remarks>Not transient: a blind retry may apply the work twice.</remarks>
    public override bool IsTransient => false;
}
