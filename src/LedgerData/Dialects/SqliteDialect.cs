using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using LedgerData.Errors;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LedgerData.Dialects;

internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    /// <summary>
    /// The one text form of an instant in SQLite: UTC, fixed width, millisecond precision. At one width and one
    /// zone, text order is time order, so these values sort and compare as instants. The migration scripts hold
    /// every stored value to this shape with a CHECK.
    /// </summary>
    public const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    // SQLite result codes, from sqlite3.h.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    private SqliteDialect()
    {
    }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    // Microsoft.Data.Sqlite adds sqlite3_changes() after every statement, and ROLLBACK TO repeats the count of the
    // last change before it, so a prefixed statement would report wrong rows affected. In-process, a command of
    // its own costs no round trip anyway.
    public override bool PrefixesStatements => false;

    [SuppressMessage("Security", "CA2100", Justification = "The only value in the text is an integer.")]
    public override async ValueTask<DbTransaction> BeginTransactionAsync(
        DbConnection connection, TimeSpan lockTimeout, bool readOnly, CancellationToken cancellationToken)
    {
        var sqlite = (SqliteConnection)connection;
        var milliseconds = Math.Max(1L, (long)Math.Ceiling(lockTimeout.TotalMilliseconds));

        // SQLite has no SELECT ... FOR UPDATE. Taking the single write lock at BEGIN (IMMEDIATE, which is what
        // deferred: false sends) is what makes read-check-write inside the transaction safe: no other writer can
        // slip in between, and no deferred transaction can fail late when it tries to upgrade its read lock.
        // The busy timeout bounds how long BEGIN waits for the writer that holds the lock.
        // Microsoft.Data.Sqlite also retries a busy statement itself until the command timeout runs out, so that
        // is bounded too: in whole seconds, the finest it takes, and at least one, since zero means forever.
        sqlite.DefaultTimeout = (int)Math.Max(1, Math.Ceiling(lockTimeout.TotalSeconds));
        using (var pragma = sqlite.CreateCommand())
        {
            pragma.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {milliseconds};");
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // A pooled connection must come back outside any transaction. Once, under 200 concurrent writers, one came
        // back inside one and its BEGIN failed with "cannot start a transaction within a transaction"; the path
        // that left it open is not found yet. Ending such a leftover here costs one in-process call per begin.
        if (raw.sqlite3_get_autocommit(sqlite.Handle) == 0)
        {
            using var rollback = sqlite.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // A reader begins deferred: in WAL mode it reads a snapshot without waiting for the writer. SQLite does not
        // hold it to reading; a write in it would try to take the write lock late.
        return sqlite.BeginTransaction(deferred: readOnly);
    }

    public override string FirstStatementPrelude(TimeSpan lockTimeout, bool readOnly) => string.Empty;

    protected override LedgerDataException? TranslateProviderError(Exception exception) => exception switch
    {
        SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey } e
            => new UniqueViolationException(ConstraintFromMessage(e.Message), e),
        SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked } e => new DatabaseBusyException(e),
        _ => null,
    };

    public override object ToDatabase(DateTimeOffset instant)
        => instant.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    public override object ToDatabase(Guid id) => id.ToString("D");

    public override DateTimeOffset ReadInstant(object value) => value switch
    {
        string text => DateTimeOffset.ParseExact(
            text, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        _ => throw new InvalidCastException($"Expected an instant stored as text but read {value.GetType().Name}."),
    };

    public override Guid ReadId(object value) => value switch
    {
        string text => Guid.ParseExact(text, "D"),
        _ => throw new InvalidCastException($"Expected an id stored as text but read {value.GetType().Name}."),
    };

    // SQLite names the columns, not the constraint: "UNIQUE constraint failed: operation_ledger.scope, ...".
    private static string? ConstraintFromMessage(string message)
    {
        var marker = message.IndexOf("constraint failed: ", StringComparison.Ordinal);
        return marker < 0 ? null : message[(marker + "constraint failed: ".Length)..].TrimEnd('.', '\'');
    }
}
