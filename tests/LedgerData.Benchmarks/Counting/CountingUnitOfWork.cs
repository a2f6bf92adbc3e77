using Dapper;
using LedgerData.Transactions;

namespace LedgerData.Benchmarks.Counting;

/// <summary>
/// A unit of work that reports its end to a <see cref="RoundTripCounter"/> and otherwise passes through.
/// </summary>
internal sealed class CountingUnitOfWork(IUnitOfWork inner, RoundTripCounter counter) : IUnitOfWork
{
    private bool ended;

    public DatabaseProvider Provider => inner.Provider;

    /// <summary>How many times steps called into the unit of work: one command, so one round trip, each.</summary>
    public int Calls { get; private set; }

    public Task<int> ExecuteAsync(string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        return inner.ExecuteAsync(sql, parameters, cancellationToken);
    }

    public Task<IReadOnlyList<T>> QueryAsync<T>(
        string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        return inner.QueryAsync<T>(sql, parameters, cancellationToken);
    }

    public Task<T?> QuerySingleOrDefaultAsync<T>(
        string sql, object? parameters = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        return inner.QuerySingleOrDefaultAsync<T>(sql, parameters, cancellationToken);
    }

    public Task<T> QueryMultipleAsync<T>(
        string sql, object? parameters, Func<SqlMapper.GridReader, Task<T>> read,
        CancellationToken cancellationToken = default)
    {
        Calls++;
        return inner.QueryMultipleAsync(sql, parameters, read, cancellationToken);
    }

    // Savepoint commands ride along with the next statement: no round trip of their own.
    public Task SavepointAsync(string name, CancellationToken cancellationToken = default)
        => inner.SavepointAsync(name, cancellationToken);

    public Task RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default)
        => inner.RollbackToSavepointAsync(name, cancellationToken);

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        End();
        await inner.CommitAsync(cancellationToken);
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        End();
        await inner.RollbackAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing a unit that neither committed nor rolled back sends a rollback.
        End();
        await inner.DisposeAsync();
    }

    private void End()
    {
        if (!ended)
        {
            ended = true;
            counter.TransactionEnded();
        }
    }
}
