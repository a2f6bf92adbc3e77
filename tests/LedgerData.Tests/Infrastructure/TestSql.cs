namespace LedgerData.Tests.Infrastructure;

/// <summary>Statements that tests of the unit of work write with, bypassing the repositories on purpose.</summary>
internal static class TestSql
{
    /// <summary>
    /// Inserts a ledger entry for <c>@Scope</c> and <c>@BatchRef</c>; a repeat violates the unique key.
    /// </summary>
    public const string InsertLedgerEntry = """
        INSERT INTO operation_ledger (scope, batch_ref, action_type)
        VALUES (@Scope, @BatchRef, 'test')
        """;
}
