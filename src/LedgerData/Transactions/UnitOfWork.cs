using System.Data.Common;
using Dapper;
using LedgerData.Diagnostics;
using LedgerData.Dialects;
using LedgerData.Errors;
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
    // Statements that ride along in front of the next one, in the same round trip: PostgreSQL's SET LOCAL
    // lock_timeout, and savepoint commands, which need no answer of their own.
    private string pending;
    private State state = State.Active;
    private int statements;

    private UnitOfWork(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string pending,
        ILogger logger)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.dialect = dialect;
        this.pending = pending;
        this.logger = logger;
    }

    private static readonly System.Buffers.SearchValues<char> SavepointCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    private enum State
    {
        Active,
        Committed,
        RolledBack,
        Disposed,
    }

    public DatabaseProvider Provider => dialect.Provider;

    /// <summary>
    /// Opens the connection and begins the transaction. On failure the connection is closed again and the error
    /// is translated like any other.
    /// </summary>
    internal static async Task<UnitOfWork> BeginAsync(
        DbConnection connection, SqlDialect dialect, TimeSpan lockTimeout, bool readOnly, ILogger logger,
        CancellationToken cancellationToken)
    {
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await dialect
                .BeginTransactionAsync(connection, lockTimeout, readOnly, cancellationToken)
                .ConfigureAwait(false);
            Log.UnitOfWorkBegan(logger, dialect.Provider);
            var prelude = dialect.FirstStatementPrelude(lockTimeout, readOnly);
            return new UnitOfWork(connection, transaction, dialect, prelude, logger);
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
        => RunAsync(RequireSql(sql), parameters, command => connection.ExecuteAsync(command), cancellationToken);

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null,
        CancellationToken cancellationToken = default)
    {
        var rows = await RunAsync(
                RequireSql(sql), parameters, command => connection.QueryAsync<T>(command), cancellationToken)
            .ConfigureAwait(false);
        return rows.AsList();
    }

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null,
        CancellationToken cancellationToken = default)
        => RunAsync(
            RequireSql(sql),
            parameters,
            command => connection.QuerySingleOrDefaultAsync<T?>(command),
            cancellationToken);

    public Task<T> QueryMultipleAsync<T>(string sql, object? parameters, Func<SqlMapper.GridReader, Task<T>> read,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        return RunAsync(RequireSql(sql), parameters, ReadAllAsync, cancellationToken);

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
        if (pending.Length > 0)
        {
            // A savepoint command still waiting for a statement to ride along with must run before the commit.
            await RunAsync(string.Empty, null, command => connection.ExecuteAsync(command), cancellationToken)
                .ConfigureAwait(false);
        }

        try
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            state = State.Committed;
            Log.UnitOfWorkCommitted(logger, statements);
        }
        catch (Exception exception) when (dialect.Translate(exception) is { } translated)
        {
            // The unit of work is over either way. A connection lost during the commit leaves its outcome unknown:
            // the server may have committed before the answer was lost.
            state = State.RolledBack;
            throw translated is ConnectionLostException ? new CommitOutcomeUnknownException(exception) : translated;
        }
    }

    /// <inheritdoc/>
    public Task SavepointAsync(string name, CancellationToken cancellationToken = default)
        => DeferAsync($"SAVEPOINT {SavepointName(name)};\n");

    /// <inheritdoc/>
    public Task RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default)
        => DeferAsync($"ROLLBACK TO SAVEPOINT {SavepointName(name)};\n");

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
        EnsureActive();
        if (pending.Length > 0 && sql.Length > 0 && !dialect.PrefixesStatements)
        {
            await RunAsync(string.Empty, null, command => connection.ExecuteAsync(command), cancellationToken)
                .ConfigureAwait(false);
        }

        var text = pending + sql;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("The SQL text is empty.", nameof(sql));
        }

        statements++;
        var command = new CommandDefinition(text, parameters, transaction, cancellationToken: cancellationToken);
        try
        {
            var result = await execute(command).ConfigureAwait(false);
            // Cleared only once sent: a statement refused on the client must not take the lock timeout with it.
            pending = string.Empty;
            return result;
        }
        catch (Exception exception) when (dialect.Translate(exception) is { } translated)
        {
            throw translated;
        }
    }

    private static string RequireSql(string sql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        return sql;
    }

    private Task DeferAsync(string sql)
    {
        EnsureActive();
        pending += sql;
        return Task.CompletedTask;
    }

    // Savepoint names go into the SQL text, so only plain identifiers are accepted.
    private static string SavepointName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var valid = name.Length <= 63
            && (char.IsAsciiLetter(name[0]) || name[0] == '_')
            && name.AsSpan().IndexOfAnyExcept(SavepointCharacters) < 0;
        return valid
            ? name
            : throw new ArgumentException(
                $"A savepoint name must be an identifier of 1 to 63 letters, digits and '_'; '{name}' is not.",
                nameof(name));
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
