namespace LedgerData.Validation;

/// <summary>
/// Lengths the library accepts. The migration scripts hold the columns to the same bounds with CHECK
/// constraints, so a writer that bypasses the library is refused by the database instead.
/// </summary>
public static class Limits
{
    /// <summary>The longest scope (the calling client's name).</summary>
    public const int ScopeMaxLength = 200;

    /// <summary>The longest batch reference of an operation-ledger entry.</summary>
    public const int BatchRefMaxLength = 255;

    /// <summary>The longest action type of an operation-ledger entry.</summary>
    public const int ActionTypeMaxLength = 100;
}
