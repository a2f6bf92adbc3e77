using System.Buffers;
using LedgerData.Dialects;
using LedgerData.Transactions;
using LedgerData.Validation;

namespace LedgerData.Checkout;

/// <summary>
/// Checkout attempts: the claim of an idempotency key, its state and its stored result, inside the caller's
/// unit of work.
/// </summary>
public sealed class CheckoutAttemptRepository
{
    private const string Columns = """
        attempt_id AS AttemptId, scope AS Scope, client_request_hash AS ClientRequestHash,
               request_fingerprint AS RequestFingerprint, processing_state AS ProcessingState,
               result_payload AS ResultPayload, created_at AS CreatedAt, updated_at AS UpdatedAt,
               expires_at AS ExpiresAt
        """;

    // One round trip: the insert claims the key unless it is taken; if the insert won, the guarded transition
    // starts the new attempt; the select then reads whichever attempt holds the key. The select is a statement of
    // its own so that, under read committed, it sees an attempt that a competing transaction committed while the
    // insert waited for it. FOR UPDATE holds that attempt until this unit of work ends.
    private const string ClaimPostgresSql = $"""
        {InsertAttemptSql};
        {CheckoutStateMachine.TransitionSql};
        SELECT {Columns}
        FROM checkout_attempts
        WHERE scope = @Scope AND client_request_hash = @ClientRequestHash
        FOR UPDATE
        """;

    // SQLite has no row locks: the write lock taken at BEGIN IMMEDIATE already keeps every other writer out.
    private const string ClaimSqliteSql = $"""
        {InsertAttemptSql};
        {CheckoutStateMachine.TransitionSql};
        SELECT {Columns}
        FROM checkout_attempts
        WHERE scope = @Scope AND client_request_hash = @ClientRequestHash
        """;

    private const string InsertAttemptSql = """
        INSERT INTO checkout_attempts
            (scope, attempt_id, client_request_hash, request_fingerprint, processing_state,
             created_at, updated_at, expires_at)
        VALUES (@Scope, @AttemptId, @ClientRequestHash, @RequestFingerprint, 'pending', @Now, @Now, @ExpiresAt)
        ON CONFLICT (scope, client_request_hash) DO NOTHING
        """;

    // A key whose attempt vanished between the insert and the select (purged, or replaced after expiry by a
    // competing request) is claimed again; more than this in a row means something deletes attempts in a loop.
    private const int MaxClaimRounds = 3;

    private const string FindSql = $"""
        SELECT {Columns}
        FROM checkout_attempts
        WHERE scope = @Scope AND attempt_id = @AttemptId
        """;

    private const string DeleteSql = """
        DELETE FROM checkout_attempts
        WHERE scope = @Scope AND attempt_id = @AttemptId
        """;

    // SKIP LOCKED leaves attempts that a running checkout holds to a later purge instead of waiting for them.
    private const string PurgePostgresSql = """
        DELETE FROM checkout_attempts
        WHERE (scope, attempt_id) IN (
            SELECT scope, attempt_id
            FROM checkout_attempts
            WHERE expires_at <= @Now
            ORDER BY expires_at
            LIMIT @BatchSize
            FOR UPDATE SKIP LOCKED)
        """;

    private const string PurgeSqliteSql = """
        DELETE FROM checkout_attempts
        WHERE rowid IN (
            SELECT rowid
            FROM checkout_attempts
            WHERE expires_at <= @Now
            ORDER BY expires_at
            LIMIT @BatchSize)
        """;

    private static readonly SearchValues<char> LowercaseHex = SearchValues.Create("0123456789abcdef");

    private readonly IUnitOfWork unitOfWork;
    private readonly SqlDialect dialect;

    /// <summary>Creates the repository over the unit of work that all its statements run in.</summary>
    public CheckoutAttemptRepository(IUnitOfWork unitOfWork)
    {
        ArgumentNullException.ThrowIfNull(unitOfWork);
        this.unitOfWork = unitOfWork;
        dialect = SqlDialect.For(unitOfWork.Provider);
    }

    /// <summary>
    /// Claims the key for a new attempt, created pending and moved to processing in the same round trip, or
    /// returns the attempt that already holds it. Either way the attempt is locked until the unit of work ends; a
    /// competing unit of work that holds it makes this wait up to the unit's lock timeout.
    /// </summary>
    public async Task<AttemptClaim> ClaimAsync(
        string scope,
        string clientRequestHash,
        string requestFingerprint,
        Guid attemptId,
        DateTimeOffset now,
        DateTimeOffset expiresAt,
        CancellationToken cancellationToken = default)
    {
        Require.Text(scope, nameof(scope), Limits.ScopeMaxLength);
        RequireHash(clientRequestHash, nameof(clientRequestHash));
        RequireHash(requestFingerprint, nameof(requestFingerprint));
        if (expiresAt < now)
        {
            throw new ArgumentOutOfRangeException(
                nameof(expiresAt), expiresAt, "An attempt cannot expire before it is created.");
        }

        var sql = dialect.Provider == DatabaseProvider.Postgres ? ClaimPostgresSql : ClaimSqliteSql;
        var parameters = new
        {
            Scope = scope,
            AttemptId = dialect.ToDatabase(attemptId),
            ClientRequestHash = clientRequestHash,
            RequestFingerprint = requestFingerprint,
            Now = dialect.ToDatabase(now),
            ExpiresAt = dialect.ToDatabase(expiresAt),
            FromState = CheckoutStateMachine.ToDatabase(ProcessingState.Pending),
            ToState = CheckoutStateMachine.ToDatabase(ProcessingState.Processing),
            ResultPayload = (string?)null,
        };

        AttemptRow? row = null;
        for (var round = 1; row is null; round++)
        {
            if (round > MaxClaimRounds)
            {
                throw new InvalidOperationException(
                    $"The idempotency key's attempt vanished {MaxClaimRounds} times in a row while it was being " +
                    "claimed. Check for a process that deletes checkout attempts outside the purge.");
            }

            // Waiting on FOR UPDATE for an attempt that is then deleted yields no row under read committed.
            row = await unitOfWork.QuerySingleOrDefaultAsync<AttemptRow>(sql, parameters, cancellationToken)
                .ConfigureAwait(false);
        }

        var attempt = ToAttempt(row);
        return new AttemptClaim(attempt.AttemptId == attemptId, attempt);
    }

    /// <summary>
    /// Moves an attempt from one state to the next, storing the result with a finishing move. An illegal move, or an
    /// attempt that is no longer in <paramref name="from"/>, is an error, never a silent no-op.
    /// </summary>
    public async Task TransitionAsync(
        string scope,
        Guid attemptId,
        ProcessingState from,
        ProcessingState to,
        string? resultPayload,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        Require.Text(scope, nameof(scope), Limits.ScopeMaxLength);
        if (!CheckoutStateMachine.CanMove(from, to))
        {
            throw new InvalidOperationException($"A checkout attempt cannot move from {from} to {to}.");
        }

        if (CheckoutStateMachine.IsFinished(to) != (resultPayload is not null))
        {
            throw new ArgumentException(
                "A result payload is stored exactly when an attempt finishes (fulfilled or failed).",
                nameof(resultPayload));
        }

        var changed = await unitOfWork.ExecuteAsync(
                CheckoutStateMachine.TransitionSql,
                new
                {
                    Scope = scope,
                    AttemptId = dialect.ToDatabase(attemptId),
                    FromState = CheckoutStateMachine.ToDatabase(from),
                    ToState = CheckoutStateMachine.ToDatabase(to),
                    ResultPayload = resultPayload,
                    Now = dialect.ToDatabase(now),
                },
                cancellationToken)
            .ConfigureAwait(false);
        if (changed != 1)
        {
            throw new InvalidOperationException(
                $"Checkout attempt {attemptId} is no longer {from}, so it cannot move to {to}; another unit of work " +
                "changed it first.");
        }
    }

    /// <summary>Returns the scope's attempt with this id, or null when there is none.</summary>
    public async Task<CheckoutAttempt?> FindAsync(
        string scope, Guid attemptId, CancellationToken cancellationToken = default)
    {
        Require.Text(scope, nameof(scope), Limits.ScopeMaxLength);
        var row = await unitOfWork.QuerySingleOrDefaultAsync<AttemptRow>(
                FindSql, new { Scope = scope, AttemptId = dialect.ToDatabase(attemptId) }, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : ToAttempt(row);
    }

    /// <summary>Deletes one attempt, so that its key is new again.</summary>
    public async Task<bool> DeleteAsync(string scope, Guid attemptId, CancellationToken cancellationToken = default)
    {
        Require.Text(scope, nameof(scope), Limits.ScopeMaxLength);
        var deleted = await unitOfWork.ExecuteAsync(
                DeleteSql, new { Scope = scope, AttemptId = dialect.ToDatabase(attemptId) }, cancellationToken)
            .ConfigureAwait(false);
        return deleted == 1;
    }

    /// <summary>
    /// Deletes up to <paramref name="batchSize"/> attempts that expired at or before <paramref name="now"/>, oldest
    /// first, and returns how many it deleted.
    /// </summary>
    public Task<int> PurgeExpiredAsync(DateTimeOffset now, int batchSize, CancellationToken cancellationToken = default)
    {
        Require.InRange(batchSize, nameof(batchSize), 1, 10_000);
        var sql = dialect.Provider == DatabaseProvider.Postgres ? PurgePostgresSql : PurgeSqliteSql;
        return unitOfWork.ExecuteAsync(
            sql, new { Now = dialect.ToDatabase(now), BatchSize = batchSize }, cancellationToken);
    }

    private static void RequireHash(string value, string parameterName)
    {
        if (value is null || value.Length != 64 || value.AsSpan().ContainsAnyExcept(LowercaseHex))
        {
            throw Require.Invalid(parameterName, $"{parameterName} must be a SHA-256 hash in 64 lowercase hex digits.");
        }
    }

    private CheckoutAttempt ToAttempt(AttemptRow row) => new(
        dialect.ReadId(row.AttemptId),
        row.Scope,
        row.ClientRequestHash,
        row.RequestFingerprint,
        CheckoutStateMachine.FromDatabase(row.ProcessingState),
        row.ResultPayload,
        dialect.ReadInstant(row.CreatedAt),
        dialect.ReadInstant(row.UpdatedAt),
        dialect.ReadInstant(row.ExpiresAt));

    // Ids and instants stay untyped until the dialect reads them: uuid and timestamptz on PostgreSQL, text on SQLite.
    private sealed class AttemptRow
    {
        public object AttemptId { get; init; } = string.Empty;

        public string Scope { get; init; } = string.Empty;

        public string ClientRequestHash { get; init; } = string.Empty;

        public string RequestFingerprint { get; init; } = string.Empty;

        public string ProcessingState { get; init; } = string.Empty;

        public string? ResultPayload { get; init; }

        public object CreatedAt { get; init; } = string.Empty;

        public object UpdatedAt { get; init; } = string.Empty;

        public object ExpiresAt { get; init; } = string.Empty;
    }
}
