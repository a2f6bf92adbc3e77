using System.Data.Common;
using LedgerData.Errors;

namespace LedgerData.Dialects;

/// <summary>
/// What differs between PostgreSQL and SQLite below the repositories: how a write transaction begins, how
/// provider errors are named, and how instants and ids travel as parameters and come back as values.
/// </summary>
internal abstract class SqlDialect
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>
    /// Begins a transaction on an open connection, bounding how long its statements wait for locks that other
    /// transactions hold. A read-only one takes no write lock.
    /// </summary>
    public abstract ValueTask<DbTransaction> BeginTransactionAsync(
        DbConnection connection, TimeSpan lockTimeout, bool readOnly, CancellationToken cancellationToken);

    /// <summary>
    /// SQL sent in front of the first statement of a unit of work, in the same round trip; empty when the
    /// dialect needs none.
    /// </summary>
    public abstract string FirstStatementPrelude(TimeSpan lockTimeout, bool readOnly);

    /// <summary>
    /// Returns the LedgerData exception for a provider error, or null when it is none we translate. The provider
    /// error may also sit inside another exception: Npgsql, for one, reports a command on a connection that the
    /// server has just closed as an <see cref="ObjectDisposedException"/> around the server's error.
    /// </summary>
    public LedgerDataException? Translate(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is LedgerDataException)
            {
                return null;
            }

            if (TranslateProviderError(current) is { } translated)
            {
                return translated;
            }
        }

        return null;
    }

    /// <summary>
    /// True when pending commands (the prelude, savepoints) can ride along in front of the next statement without
    /// changing what it reports; false when they must run as a command of their own.
    /// </summary>
    public abstract bool PrefixesStatements { get; }

    /// <summary>Translates one provider exception, without looking inside it.</summary>
    protected abstract LedgerDataException? TranslateProviderError(Exception exception);

    /// <summary>The parameter value that stores an instant in this database's timestamp representation.</summary>
    public abstract object ToDatabase(DateTimeOffset instant);

    /// <summary>The parameter value that stores an id in this database's uuid representation.</summary>
    public abstract object ToDatabase(Guid id);

    /// <summary>Reads back an instant written with <see cref="ToDatabase(DateTimeOffset)"/>.</summary>
    public abstract DateTimeOffset ReadInstant(object value);

    /// <summary>Reads back an id written with <see cref="ToDatabase(Guid)"/>.</summary>
    public abstract Guid ReadId(object value);

    public static SqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres => PostgresDialect.Instance,
        DatabaseProvider.Sqlite => SqliteDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
    };
}
