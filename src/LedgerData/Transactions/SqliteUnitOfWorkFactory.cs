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
    private readonly bool isFileDatabase;
    private readonly UnitOfWorkFactoryOptions options;
    private readonly ILogger logger;
    private volatile bool journalModeSet;

    /// <summary>
    /// Creates the factory from a Microsoft.Data.Sqlite connection string, such as <c>Data Source=ledger.db</c>.
    /// </summary>
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
        this.connectionString = builder.ToString();
        isFileDatabase = builder.Mode != SqliteOpenMode.Memory
            && !string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal)
            && builder.DataSource.Length > 0;
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqliteUnitOfWorkFactory>();
    }

    /// <inheritdoc/>
    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>The connection string the factory opens, with LedgerData's settings applied.</summary>
    public string ConnectionString => connectionString;

    /// <inheritdoc/>
    public async Task<IUnitOfWork> BeginAsync(TimeSpan? lockTimeout = null,
        CancellationToken cancellationToken = default)
    {
        var timeout = LockTimeouts.Validate(lockTimeout ?? options.DefaultLockTimeout);
        if (isFileDatabase && !journalModeSet)
        {
            await UseWriteAheadLogAsync(cancellationToken).ConfigureAwait(false);
        }

        return await UnitOfWork.BeginAsync(
                new SqliteConnection(connectionString), SqliteDialect.Instance, timeout, logger, cancellationToken)
            .ConfigureAwait(false);
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
