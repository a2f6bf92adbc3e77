using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using LedgerData.Dialects;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LedgerData.Transactions;

/// <summary>
/// Begins units of work on a SQLite database: foreign keys on, write-ahead logging for file databases, and
/// write transactions that take SQLite's single write lock at begin (<c>BEGIN IMMEDIATE</c>).
/// </summary>
public sealed class SqliteUnitOfWorkFactory : IUnitOfWorkFactory
{
    private readonly string connectionString;
    private readonly UnitOfWorkFactoryOptions options;
    private readonly ILogger logger;
    private volatile bool journalModeSet;

    /// <summary>
    /// Creates the factory from a Microsoft.Data.Sqlite connection string, such as <c>Data Source=ledger.db</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string names an in-memory or temporary database.</exception>
    public SqliteUnitOfWorkFactory(
        string connectionString, UnitOfWorkFactoryOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        this.options = options ?? new UnitOfWorkFactoryOptions();
        LockTimeouts.Validate(this.options.DefaultLockTimeout, nameof(options));

        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            Pooling = true,
        };
        RequireFile(builder, nameof(connectionString));
        this.connectionString = builder.ToString();
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqliteUnitOfWorkFactory>();
    }

    /// <inheritdoc/>
    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>The connection string the factory opens, with LedgerData's settings applied.</summary>
    public string ConnectionString => connectionString;

    /// <inheritdoc/>
    public Task<IUnitOfWork> BeginAsync(TimeSpan? lockTimeout = null, CancellationToken cancellationToken = default)
        => BeginAsync(LockTimeouts.Validate(lockTimeout ?? options.DefaultLockTimeout), false, cancellationToken);

    /// <inheritdoc/>
    public Task<IUnitOfWork> BeginReadOnlyAsync(CancellationToken cancellationToken = default)
        => BeginAsync(options.DefaultLockTimeout, true, cancellationToken);

    private async Task<IUnitOfWork> BeginAsync(TimeSpan lockTimeout, bool readOnly, CancellationToken cancellationToken)
    {
        if (!journalModeSet)
        {
            await UseWriteAheadLogAsync(cancellationToken).ConfigureAwait(false);
        }

        return await UnitOfWork.BeginAsync(
                new SqliteConnection(connectionString), SqliteDialect.Instance, lockTimeout, readOnly, logger,
                cancellationToken)
            .ConfigureAwait(false);
    }

    // Every unit of work opens a connection of its own, so all of them must reach one database. ':memory:' and an
    // empty Data Source give each connection a new, empty private database. A shared-cache in-memory database
    // (Mode=Memory;Cache=Shared) lives only while a connection to it is open, and the pool closes idle connections,
    // so it would lose every row after a quiet spell.
    private static void RequireFile(SqliteConnectionStringBuilder builder, string parameterName)
    {
        var dataSource = builder.DataSource.Trim();
        var inMemory = builder.Mode == SqliteOpenMode.Memory
            || dataSource.Length == 0
            || string.Equals(dataSource, ":memory:", StringComparison.Ordinal)
            || (dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
                && (dataSource.Contains(":memory:", StringComparison.Ordinal)
                    || dataSource.Contains("mode=memory", StringComparison.OrdinalIgnoreCase)));
        if (inMemory)
        {
            var shown = dataSource.Length == 0 ? "an empty Data Source" : $"Data Source '{dataSource}'";
            throw new ArgumentException(
                $"SqliteUnitOfWorkFactory needs a database file, but the connection string has {shown}" +
                (builder.Mode == SqliteOpenMode.Memory ? " with Mode=Memory" : string.Empty) +
                ". An in-memory or temporary database is private to one connection, or vanishes when the pool " +
                "closes its last connection, so units of work would not see each other's writes. Use a file, such " +
                "as Data Source=ledger.db; in tests, a file in a temporary folder.",
                parameterName);
        }
    }

    // WAL lets readers go on while one writer writes. The mode is stored in the database file, so setting it once
    // per factory is enough; two threads that both set it do no harm.
    [SuppressMessage("Security", "CA2100", Justification = "The only value in the text is an integer.")]
    private async Task UseWriteAheadLogAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            var busyTimeout = (long)options.DefaultLockTimeout.TotalMilliseconds;
            command.CommandText = string.Create(
                CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyTimeout}; PRAGMA journal_mode = WAL;");
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        journalModeSet = true;
    }
}
