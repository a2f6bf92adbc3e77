using LedgerData.Dialects;
using LedgerData.Transactions;
using LedgerData.Validation;

namespace LedgerData.Ledger;

/// <summary>
/// The operation ledger: at most one entry per (scope, batch reference), registered inside the caller's unit of
/// work so that the entry commits or rolls back with the change it records.
/// </summary>
public sealed class OperationLedgerRepository
{
    // One statement claims the batch reference. DO NOTHING (rather than a caught unique violation) matters on
    // PostgreSQL: a failed statement would abort the whole surrounding transaction.
    private const string InsertSql = """
        INSERT INTO operation_ledger (scope, batch_ref, action_type)
        VALUES (@Scope, @BatchRef, @ActionType)
        ON CONFLICT (scope, batch_ref) DO NOTHING
        RETURNING entry_id
        """;

    // A separate statement, so that under read committed it sees the row that a competing transaction committed
    // while the insert above waited for it.
    private const string SelectIdSql = """
        SELECT entry_id
        FROM operation_ledger
        WHERE scope = @Scope AND batch_ref = @BatchRef
        """;

    private const string SelectByBatchRefSql = """
        SELECT entry_id AS EntryId, scope AS Scope, batch_ref AS BatchRef, action_type AS ActionType,
               recorded_at AS RecordedAt
        FROM operation_ledger
        WHERE scope = @Scope AND batch_ref = @BatchRef
        """;

    private const string SelectPageSql = """
        SELECT entry_id AS EntryId, scope AS Scope, batch_ref AS BatchRef, action_type AS ActionType,
               recorded_at AS RecordedAt
        FROM operation_ledger
        WHERE scope = @Scope AND entry_id > @AfterEntryId
        ORDER BY entry_id
        LIMIT @Limit
        """;

    private readonly IUnitOfWork unitOfWork;
    private readonly SqlDialect dialect;

    /// <summary>Creates the repository over the unit of work that all its statements run in.</summary>
    public OperationLedgerRepository(IUnitOfWork unitOfWork)
    {
        ArgumentNullException.ThrowIfNull(unitOfWork);
        this.unitOfWork = unitOfWork;
        dialect = SqlDialect.For(unitOfWork.Provider);
    }

    /// <summary>
    /// Records an entry for the batch reference unless the scope already has one, and returns the entry's id
    /// either way. A duplicate never fails and never aborts the surrounding transaction.
    /// </summary>
    public async Task<LedgerRegistration> RegisterAsync(
        string scope, string batchRef, string actionType, CancellationToken cancellationToken = default)
    {
        var key = new BatchKey(
            Require.Text(scope, nameof(scope), Limits.ScopeMaxLength),
            Require.Text(batchRef, nameof(batchRef), Limits.BatchRefMaxLength));
        Require.Text(actionType, nameof(actionType), Limits.ActionTypeMaxLength);

        var created = await unitOfWork.QuerySingleOrDefaultAsync<long?>(
                InsertSql, new { key.Scope, key.BatchRef, ActionType = actionType }, cancellationToken)
            .ConfigureAwait(false);
        if (created is { } entryId)
        {
            return new LedgerRegistration(entryId, Created: true);
        }

        var existing = await unitOfWork.QuerySingleOrDefaultAsync<long?>(SelectIdSql, key, cancellationToken)
            .ConfigureAwait(false);
        return existing is { } existingId
            ? new LedgerRegistration(existingId, Created: false)
            : throw new InvalidOperationException(
                "The batch reference conflicted with an entry that then could not be read. Ledger entries are " +
                "never deleted by LedgerData; check for another process that deletes them.");
    }

    /// <summary>Returns the scope's entry for a batch reference, or null when there is none.</summary>
    public async Task<LedgerEntry?> FindAsync(
        string scope, string batchRef, CancellationToken cancellationToken = default)
    {
        var key = new BatchKey(
            Require.Text(scope, nameof(scope), Limits.ScopeMaxLength),
            Require.Text(batchRef, nameof(batchRef), Limits.BatchRefMaxLength));

        var row = await unitOfWork.QuerySingleOrDefaultAsync<LedgerRow>(SelectByBatchRefSql, key, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : ToEntry(row);
    }

    /// <summary>
    /// Returns up to <paramref name="limit"/> of the scope's entries in the order they were recorded, starting
    /// after <paramref name="afterEntryId"/>; pass the last id of one page to get the next.
    /// </summary>
    public async Task<IReadOnlyList<LedgerEntry>> ListAsync(
        string scope, long afterEntryId = 0, int limit = 100, CancellationToken cancellationToken = default)
    {
        Require.Text(scope, nameof(scope), Limits.ScopeMaxLength);
        Require.InRange(limit, nameof(limit), 1, 10_000);
        ArgumentOutOfRangeException.ThrowIfNegative(afterEntryId);

        var rows = await unitOfWork.QueryAsync<LedgerRow>(
                SelectPageSql, new { Scope = scope, AfterEntryId = afterEntryId, Limit = limit }, cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(ToEntry).ToArray();
    }

    private LedgerEntry ToEntry(LedgerRow row)
        => new(row.EntryId, row.Scope, row.BatchRef, row.ActionType, dialect.ReadInstant(row.RecordedAt));

    private sealed record BatchKey(string Scope, string BatchRef);

    // The timestamp stays untyped until the dialect reads it: timestamptz on PostgreSQL, ISO-8601 text on SQLite.
    private sealed class LedgerRow
    {
        public long EntryId { get; init; }

        public string Scope { get; init; } = string.Empty;

        public string BatchRef { get; init; } = string.Empty;

        public string ActionType { get; init; } = string.Empty;

        public object RecordedAt { get; init; } = string.Empty;
    }
}
