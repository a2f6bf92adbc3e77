using System.Data.Common;
using Dapper;
using LedgerData.Diagnostics;
using LedgerData.Dialects;
using Microsoft.Extensions.Logging;

namespace LedgerData.Transactions;

/// <summary>
/// The one implementation of <see cref="IUnitOfWork"/>: it owns its connection, and every statement passes
/// through <see cref="RunAsync{T}"/>, which checks the state, attaches the transaction and translates errors.
/// </summary>
internal sealed class UnitOfWork : IUnitOfWork
{
    private readonly DbConnection connection;
    private readonly DbTransaction transaction;
    private readonly SqlDialect dialect;
    private readonly ILogger logger;
    private string prelude;
    private State state = State.Active;
    private int statements;

    private UnitOfWork(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string prelude,
        ILogger logger)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.dialect = dialect;
        this.prelude = prelude;
        this.logger = logger;
    }

    private enum State
    {
        Active,
        Committed,
        RolledBack,
        Disposed,
    }

    public DatabaseProvider Provider => dialect.Provider;

    /// <summary>The dialect, for repositories that keep provider-specific SQL.</summary>
    internal SqlDialect Dialect => dialect;

    /// <summary>
    /// Opens the connection and begins the transaction. On failure the connection is closed again and the error
    /// is translated like any other.
    /// </summary>
    internal static async Task<UnitOfWork> BeginAsync(
        DbConnection connection, SqlDialect dialect, TimeSpan lockTimeout, ILogger logger,
        CancellationToken cancellationToken)
    {
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await dialect.BeginWriteTransactionAsync(connection, lockTimeout, cancellationToken)
                .ConfigureAwait(false);
            Log.UnitOfWorkBegan(logger, dialect.Provider);
            return new UnitOfWork(connection, transaction, dialect, dialect.FirstStatementPrelude(lockTimeout),
                logger);
        }
        catch (Exception exception)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            if (dialect.Translate(exception) is { } translated)
            {
                throw translated;
            }

            throw;
        }
    }

    public Task<int> ExecuteAsync(string sql, object? parameters = null,
        CancellationToken cancellationToken = default)
        => RunAsync(sql, parameters, command => connection.ExecuteAsync(command), cancellationToken);

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null,
        CancellationToken cancellationToken = default)
    {
        var rows = await RunAsync(sql, parameters, command => connection.QueryAsync<T>(command), cancellationToken)
            .ConfigureAwait(false);
        return rows.AsList();
    }

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null,
        CancellationToken cancellationToken = default)
        => RunAsync(sql, parameters, command => connection.QuerySingleOrDefaultAsync<T?>(command), cancellationToken);

    public Task<T> QueryMultipleAsync<T>(string sql, object? parameters, Func<SqlMapper.GridReader, Task<T>> read,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        return RunAsync(sql, parameters, ReadAllAsync, cancellationToken);

        async Task<T> ReadAllAsync(CommandDefinition command)
        {
            var grid = await connection.QueryMultipleAsync(command).ConfigureAwait(false);
            await using (grid.ConfigureAwait(false))
            {
                return await read(grid).ConfigureAwait(false);
            }
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        EnsureActive();
        try
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            state = State.Committed;
            Log.UnitOfWorkCommitted(logger, statements);
        }
        catch (Exception exception) when (dialect.Translate(exception) is { } translated)
        {
            // A failed commit leaves nothing committed; the unit of work is over either way.
            state = State.RolledBack;
            throw translated;
        }
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        EnsureActive();
        state = State.RolledBack;
        await RollbackQuietlyAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (state == State.Disposed)
        {
            return;
        }

        var wasActive = state == State.Active;
        state = State.Disposed;
        try
        {
            if (wasActive)
            {
                await RollbackQuietlyAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await transaction.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            // Closing the connection ends the transaction on the server even when the rollback could not be sent.
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<T> RunAsync<T>(string sql, object? parameters, Func<CommandDefinition, Task<T>> execute,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        EnsureActive();

        // The prelude (PostgreSQL's SET LOCAL lock_timeout) rides along with the first statement: no extra round trip.
        var text = prelude.Length == 0 ? sql : prelude + sql;
        prelude = string.Empty;
        statements++;

        var command = new CommandDefinition(text, parameters, transaction, cancellationToken: cancellationToken);
        try
        {
            return await execute(command).ConfigureAwait(false);
        }
        catch (Exception exception) when (dialect.Translate(exception) is { } translated)
        {
            throw translated;
        }
    }

    private async Task RollbackQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            Log.UnitOfWorkRolledBack(logger, statements);
        }
        catch (Exception exception) when (dialect.Translate(exception) is not null)
        {
            // The connection is gone, and with it the transaction: the server has already discarded it.
            Log.UnitOfWorkRolledBack(logger, statements);
        }
    }

    private void EnsureActive()
    {
        if (state != State.Active)
        {
            throw new InvalidOperationException(
                $"This unit of work is {StateName(state)}; it cannot run statements, commit or roll back any more. " +
                "Begin a new unit of work from the factory.");
        }
    }

    private static string StateName(State state) => state switch
    {
        State.Committed => "already committed",
        State.RolledBack => "already rolled back",
        _ => "disposed",
    };
}
