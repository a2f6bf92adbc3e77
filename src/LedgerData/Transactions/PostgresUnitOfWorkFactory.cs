using LedgerData.Dialects;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LedgerData.Transactions;

/// <summary>
/// Begins units of work on PostgreSQL, one pooled connection from the process's <see cref="NpgsqlDataSource"/>
/// each.
/// </summary>
public sealed class PostgresUnitOfWorkFactory : IUnitOfWorkFactory
{
    private readonly NpgsqlDataSource dataSource;
    private readonly UnitOfWorkFactoryOptions options;
    private readonly ILogger logger;

    /// <summary>Creates the factory over a data source that the caller owns and disposes.</summary>
    public PostgresUnitOfWorkFactory(
        NpgsqlDataSource dataSource, UnitOfWorkFactoryOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        this.dataSource = dataSource;
        this.options = options ?? new UnitOfWorkFactoryOptions();
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PostgresUnitOfWorkFactory>();
    }

    /// <inheritdoc/>
    public DatabaseProvider Provider => DatabaseProvider.Postgres;

    /// <inheritdoc/>
    public Task<IUnitOfWork> BeginAsync(TimeSpan? lockTimeout = null, CancellationToken cancellationToken = default)
        => BeginAsync(LockTimeouts.Validate(lockTimeout ?? options.DefaultLockTimeout), false, cancellationToken);

    /// <inheritdoc/>
    public Task<IUnitOfWork> BeginReadOnlyAsync(CancellationToken cancellationToken = default)
        => BeginAsync(options.DefaultLockTimeout, true, cancellationToken);

    private async Task<IUnitOfWork> BeginAsync(TimeSpan lockTimeout, bool readOnly, CancellationToken cancellationToken)
        => await UnitOfWork.BeginAsync(
                dataSource.CreateConnection(), PostgresDialect.Instance, lockTimeout, readOnly, logger,
                cancellationToken)
            .ConfigureAwait(false);
}
