using Dapper;

namespace LedgerData.Transactions;

/// <summary>
/// One database transaction on one open connection: every statement runs inside it, and everything it wrote
/// commits together or not at all. Disposing it without <see cref="CommitAsync"/> rolls it back.
/// </summary>
/// <remarks>
/// Not thread-safe: one statement at a time, as one connection allows. After commit or rollback every member
/// throws <see cref="InvalidOperationException"/>. Provider errors surface as
/// <see cref="Errors.LedgerDataException"/> subclasses, with the provider exception inside.
/// </remarks>
public interface IUnitOfWork : IAsyncDisposable
{
    /// <summary>The database this unit of work runs on, for steps that write provider-specific SQL.</summary>
    DatabaseProvider Provider { get; }

    /// <summary>Runs a statement and returns the number of rows it changed.</summary>
    Task<int> ExecuteAsync(string sql, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a query and maps every row to <typeparamref name="T"/>.</summary>
    Task<IReadOnlyList<T>> QueryAsync<T>(
        string sql, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a query and maps its only row, or returns the default when there is none.</summary>
    Task<T?> QuerySingleOrDefaultAsync<T>(
        string sql, object? parameters = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs several statements in one round trip and hands their result sets, in order, to
    /// <paramref name="read"/>.
    /// </summary>
    Task<T> QueryMultipleAsync<T>(
        string sql,
        object? parameters,
        Func<SqlMapper.GridReader, Task<T>> read,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a point that <see cref="RollbackToSavepointAsync"/> can return to, undoing what came after it while
    /// keeping what came before. The command rides along with the next statement, costing no round trip.
    /// </summary>
    Task SavepointAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Undoes everything written since the named savepoint; the unit of work stays active.</summary>
    Task RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes everything this unit of work wrote durable and visible to others. Throws
    /// <see cref="Errors.CommitOutcomeUnknownException"/> when the connection breaks during the commit.
    /// </summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Discards everything this unit of work wrote.</summary>
    Task RollbackAsync(CancellationToken cancellationToken = default);
}
