using System.Data;
using System.Data.Common;
using System.Globalization;
using LedgerData.Errors;
using Npgsql;

namespace LedgerData.Dialects;

internal sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    private PostgresDialect()
    {
    }

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    // Npgsql adds up rows affected only over statements that report a count; SET and SAVEPOINT report none.
    public override bool PrefixesStatements => true;

    public override async ValueTask<DbTransaction> BeginTransactionAsync(
        DbConnection connection, TimeSpan lockTimeout, bool readOnly, CancellationToken cancellationToken)
    {
        // Npgsql sends BEGIN together with the first command, so beginning costs no round trip of its own.
        // Read committed is deliberate: each statement sees rows that competing transactions committed while it
        // waited, which is what INSERT ... ON CONFLICT followed by SELECT ... FOR UPDATE relies on.
        return await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken)
            .ConfigureAwait(false);
    }

    public override string FirstStatementPrelude(TimeSpan lockTimeout, bool readOnly)
    {
        // Both settings end with the transaction, so a pooled connection never carries them to its next user.
        // SET TRANSACTION must come before any query, which the prelude does.
        var milliseconds = Math.Max(1L, (long)Math.Ceiling(lockTimeout.TotalMilliseconds));
        var access = readOnly ? "SET TRANSACTION READ ONLY;\n" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{access}SET LOCAL lock_timeout = {milliseconds};\n");
    }

    protected override LedgerDataException? TranslateProviderError(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } e
            => new UniqueViolationException(e.ConstraintName, e),
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure } e
            => new SerializationFailureException(isDeadlock: false, e),
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected } e
            => new SerializationFailureException(isDeadlock: true, e),
        PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } e
            => new LockTimeoutException(e),
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown } e
            => new ConnectionLostException(e),
        PostgresException { SqlState: var state } e when state.StartsWith("08", StringComparison.Ordinal)
            => new ConnectionLostException(e),
        PostgresException => null,
        // A plain NpgsqlException is a client-side failure: most often the socket broke under the connection.
        NpgsqlException { IsTransient: true } e => new ConnectionLostException(e),
        NpgsqlException { InnerException: IOException or System.Net.Sockets.SocketException } e
            => new ConnectionLostException(e),
        _ => null,
    };

    // Npgsql maps timestamptz to UTC DateTime; it refuses other kinds, so the offset is normalised here.
    public override object ToDatabase(DateTimeOffset instant) => instant.UtcDateTime;

    public override object ToDatabase(Guid id) => id;

    public override DateTimeOffset ReadInstant(object value) => value switch
    {
        DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        DateTimeOffset instant => instant,
        _ => throw new InvalidCastException($"Expected a timestamptz value but read {value.GetType().Name}."),
    };

    public override Guid ReadId(object value) => value switch
    {
        Guid id => id,
        _ => throw new InvalidCastException($"Expected a uuid value but read {value.GetType().Name}."),
    };
}
