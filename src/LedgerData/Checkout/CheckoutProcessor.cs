using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using LedgerData.Diagnostics;
using LedgerData.Errors;
using LedgerData.Ledger;
using LedgerData.Transactions;
using LedgerData.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LedgerData.Checkout;

/// <summary>
/// Runs checkouts exactly once per idempotency key: the key claim, the business step, the ledger entry and the
/// stored result commit in one unit of work, and the database's unique keys and row locks decide who wins.
/// </summary>
public sealed class CheckoutProcessor
{
    /// <summary>The action type of the operation-ledger entry each executed checkout writes.</summary>
    public const string LedgerActionType = "checkout";

    private const string StepSavepoint = "ledgerdata_checkout_step";

    private readonly IUnitOfWorkFactory factory;
    private readonly CheckoutOptions options;
    private readonly ICheckoutStep step;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly CheckoutMetrics metrics;

    /// <summary>Creates a processor; the step defaults to reserving inventory for the order in the payload.</summary>
    public CheckoutProcessor(
        IUnitOfWorkFactory factory,
        CheckoutOptions? options = null,
        ICheckoutStep? step = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        this.factory = factory;
        this.options = options ?? new CheckoutOptions();
        LockTimeouts.Validate(this.options.InFlightWait, nameof(options));
        if (this.options.Retention <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), this.options.Retention, "Retention must be positive.");
        }

        this.timeProvider = timeProvider ?? TimeProvider.System;
        this.step = step ?? new InventoryReservationStep(this.timeProvider);
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<CheckoutProcessor>();
        metrics = new CheckoutMetrics(meterFactory);
    }

    /// <summary>
    /// Executes the checkout, or answers for the execution that holds its key. Invalid requests throw
    /// <see cref="ArgumentException"/> before any SQL runs; every other answer is a <see cref="CheckoutOutcome"/>.
    /// </summary>
    /// <remarks>
    /// A deadlock, serialization failure or lost connection re-runs the whole checkout, up to the options'
    /// <see cref="CheckoutOptions.TransientRetry"/>; an exception from the step rolls everything back, the key claim
    /// included, so that a later retry executes the checkout once.
    /// </remarks>
    public async Task<CheckoutOutcome> ProcessAsync(
        CheckoutRequest request, CancellationToken cancellationToken = default)
    {
        var identity = RequestIdentity.Of(request);
        step.Validate(request.Payload);
        var keyHash = identity.ClientRequestHash[..12];

        using var activity = CheckoutMetrics.ActivitySource.StartActivity("LedgerData.Checkout");
        var started = timeProvider.GetTimestamp();
        var arrivedAt = timeProvider.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = await ExecuteOnceAsync(request, identity, arrivedAt, cancellationToken)
                    .ConfigureAwait(false);
                metrics.Record(outcome.Kind, timeProvider.GetElapsedTime(started));
                activity?.SetTag("ledgerdata.checkout.outcome", outcome.Kind.ToString());
                LogOutcome(outcome, keyHash);
                return outcome;
            }
            // A commit whose outcome is unknown is safe to repeat here, unlike in general: the key makes the
            // repeat either replay what did commit or execute what did not.
            catch (LedgerDataException exception)
                when ((exception.IsTransient || exception is CommitOutcomeUnknownException)
                    && attempt < options.TransientRetry.MaxAttempts)
            {
                var error = exception.GetType().Name;
                Log.CheckoutRetrying(logger, keyHash, error, attempt + 1);
                await Task.Delay(options.TransientRetry.DelayBefore(attempt + 1), timeProvider, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.CheckoutFailed(logger, exception, keyHash);
                activity?.SetStatus(ActivityStatusCode.Error);
                throw;
            }
        }
    }

    /// <summary>The operation-ledger batch reference of an attempt: one entry per executed attempt.</summary>
    public static string BatchRefFor(Guid attemptId) => "checkout:" + attemptId.ToString("D");

    /// <summary>Returns the scope's attempt, or null when the scope has none with that id.</summary>
    public Task<CheckoutAttempt?> FindAttemptAsync(
        string scope, Guid attemptId, CancellationToken cancellationToken = default)
    {
        Require.Text(scope, nameof(scope), Limits.ScopeMaxLength);
        return factory.ReadAsync(
            (unitOfWork, token) => new CheckoutAttemptRepository(unitOfWork).FindAsync(scope, attemptId, token),
            options.TransientRetry,
            cancellationToken);
    }

    /// <summary>
    /// Deletes attempts past their expiry, in batches of at most <paramref name="batchSize"/> (one unit of work
    /// each, so that no batch holds locks for long), and returns how many it deleted. A purged key is new again.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(int batchSize = 500, CancellationToken cancellationToken = default)
    {
        Require.InRange(batchSize, nameof(batchSize), 1, 10_000);
        var total = 0;
        int deleted;
        do
        {
            var now = timeProvider.GetUtcNow();
            deleted = await factory.RunAsync(
                    (unitOfWork, token) =>
                        new CheckoutAttemptRepository(unitOfWork).PurgeExpiredAsync(now, batchSize, token),
                    options.TransientRetry,
                    cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == batchSize);

        if (total > 0)
        {
            Log.AttemptsPurged(logger, total);
        }

        return total;
    }

    private async Task<CheckoutOutcome> ExecuteOnceAsync(
        CheckoutRequest request,
        RequestIdentity identity,
        DateTimeOffset arrivedAt,
        CancellationToken cancellationToken)
    {
        IUnitOfWork unitOfWork;
        try
        {
            unitOfWork = await factory.BeginAsync(options.InFlightWait, cancellationToken).ConfigureAwait(false);
        }
        catch (DatabaseBusyException)
        {
            // SQLite: another writer kept the write lock for the whole in-flight wait.
            return InProgress();
        }

        await using (unitOfWork.ConfigureAwait(false))
        {
            var attempts = new CheckoutAttemptRepository(unitOfWork);
            var now = timeProvider.GetUtcNow();
            AttemptClaim claim;
            try
            {
                claim = await ClaimAsync(attempts, request.Scope, identity, now, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (LedgerDataException exception) when (exception is LockTimeoutException or DatabaseBusyException)
            {
                // Another execution of the same key holds it and did not finish within the in-flight wait.
                return InProgress();
            }

            var attempt = claim.Attempt;
            if (!claim.Claimed)
            {
                if (attempt.RequestFingerprint != identity.RequestFingerprint)
                {
                    return new CheckoutOutcome(CheckoutOutcomeKind.PayloadMismatch, null, null, null, null);
                }

                // A failed attempt that finished after this request arrived was the retry of a request running
                // alongside this one; its answer is this request's answer too, so the step runs once per wave.
                var failedIsFinal = options.FailedAttempts == FailedAttemptPolicy.Terminal
                    || attempt.UpdatedAt >= TruncateToMilliseconds(arrivedAt);
                if (attempt.State == ProcessingState.Fulfilled
                    || (attempt.State == ProcessingState.Failed && failedIsFinal))
                {
                    return Stored(CheckoutOutcomeKind.Replayed, attempt);
                }

                if (attempt.State != ProcessingState.Failed)
                {
                    // Attempts commit finished, so an unfinished one was left by a writer other than LedgerData.
                    return InProgress();
                }

                // Retrying a failed attempt: the row lock taken by the claim makes this takeover happen once.
                await attempts.TransitionAsync(
                        request.Scope, attempt.AttemptId, ProcessingState.Failed, ProcessingState.Processing, null, now,
                        cancellationToken)
                    .ConfigureAwait(false);
            }

            var outcome = await ExecuteStepAsync(unitOfWork, attempts, request, attempt, cancellationToken)
                .ConfigureAwait(false);
            await unitOfWork.CommitAsync(cancellationToken).ConfigureAwait(false);
            return outcome;
        }
    }

    /// <summary>Claims the key; an attempt past its expiry that the purge has not reached yet is replaced.</summary>
    private async Task<AttemptClaim> ClaimAsync(
        CheckoutAttemptRepository attempts, string scope, RequestIdentity identity, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var attemptId = Guid.CreateVersion7(now);
        var expiresAt = now + options.Retention;
        var claim = await attempts.ClaimAsync(
                scope, identity.ClientRequestHash, identity.RequestFingerprint, attemptId, now, expiresAt,
                cancellationToken)
            .ConfigureAwait(false);
        if (claim.Claimed || claim.Attempt.ExpiresAt > now)
        {
            return claim;
        }

        await attempts.DeleteAsync(scope, claim.Attempt.AttemptId, cancellationToken).ConfigureAwait(false);
        return await attempts.ClaimAsync(
                scope, identity.ClientRequestHash, identity.RequestFingerprint, attemptId, now, expiresAt,
                cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<CheckoutOutcome> ExecuteStepAsync(
        IUnitOfWork unitOfWork, CheckoutAttemptRepository attempts, CheckoutRequest request, CheckoutAttempt attempt,
        CancellationToken cancellationToken)
    {
        // A refusal must change nothing, whatever the step wrote before it refused: the savepoint makes it so.
        await unitOfWork.SavepointAsync(StepSavepoint, cancellationToken).ConfigureAwait(false);
        var context = new CheckoutStepContext(unitOfWork, request.Scope, attempt.AttemptId, request.Payload);
        var result = await step.ExecuteAsync(context, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            await unitOfWork.RollbackToSavepointAsync(StepSavepoint, cancellationToken).ConfigureAwait(false);
        }

        long? ledgerEntryId = null;
        if (result.Succeeded)
        {
            var ledger = new OperationLedgerRepository(unitOfWork);
            var entry = await ledger.RegisterAsync(
                    request.Scope, BatchRefFor(attempt.AttemptId), LedgerActionType, cancellationToken)
                .ConfigureAwait(false);
            if (!entry.Created)
            {
                throw new InvalidOperationException(
                    $"The ledger already holds an entry for attempt {attempt.AttemptId}, which has not executed yet. " +
                    "Another writer used LedgerData's batch reference format.");
            }

            ledgerEntryId = entry.EntryId;
        }

        var state = result.Succeeded ? ProcessingState.Fulfilled : ProcessingState.Failed;
        var payload = ComposeResult(attempt.AttemptId, state, result, ledgerEntryId);
        await attempts.TransitionAsync(
                request.Scope, attempt.AttemptId, ProcessingState.Processing, state, payload, timeProvider.GetUtcNow(),
                cancellationToken)
            .ConfigureAwait(false);

        var kind = result.Succeeded ? CheckoutOutcomeKind.Completed : CheckoutOutcomeKind.Rejected;
        return new CheckoutOutcome(kind, attempt.AttemptId, state, payload, result.Reason);
    }

    /// <summary>
    /// The stored result: <c>attemptId</c> and <c>state</c>, the step's details, and then either
    /// <c>ledgerEntryId</c> or the refusal's <c>reason</c> and <c>detail</c>. Written once; replays return these
    /// very bytes.
    /// </summary>
    private static string ComposeResult(
        Guid attemptId, ProcessingState state, CheckoutStepResult result, long? ledgerEntryId)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("attemptId", attemptId);
            writer.WriteString("state", CheckoutStateMachine.ToDatabase(state));
            foreach (var (name, value) in result.Details)
            {
                writer.WritePropertyName(name);
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer);
                }
            }

            if (ledgerEntryId is { } id)
            {
                writer.WriteNumber("ledgerEntryId", id);
            }
            else
            {
                writer.WriteString("reason", result.Reason);
                writer.WriteString("detail", result.Detail);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static CheckoutOutcome Stored(CheckoutOutcomeKind kind, CheckoutAttempt attempt)
        => new(kind, attempt.AttemptId, attempt.State, attempt.ResultPayload, ReasonOf(attempt));

    private static string? ReasonOf(CheckoutAttempt attempt)
    {
        if (attempt.State != ProcessingState.Failed || attempt.ResultPayload is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(attempt.ResultPayload);
        return document.RootElement.TryGetProperty("reason", out var reason) ? reason.GetString() : null;
    }

    // Stored instants carry milliseconds on SQLite and microseconds on PostgreSQL; milliseconds compare on both.
    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset instant)
        => instant.AddTicks(-(instant.Ticks % TimeSpan.TicksPerMillisecond));

    private static CheckoutOutcome InProgress() => new(CheckoutOutcomeKind.InProgress, null, null, null, null);

    private void LogOutcome(CheckoutOutcome outcome, string keyHash)
    {
        switch (outcome.Kind)
        {
            case CheckoutOutcomeKind.Completed:
                Log.CheckoutCompleted(logger, outcome.AttemptId!.Value, keyHash);
                break;
            case CheckoutOutcomeKind.Replayed:
                Log.CheckoutReplayed(logger, outcome.AttemptId!.Value, keyHash);
                break;
            case CheckoutOutcomeKind.PayloadMismatch:
                Log.CheckoutPayloadMismatch(logger, keyHash);
                break;
            case CheckoutOutcomeKind.InProgress:
                Log.CheckoutInProgress(logger, keyHash);
                break;
            default:
                Log.CheckoutRejected(logger, outcome.AttemptId!.Value, outcome.RejectionReason ?? "unknown");
                break;
        }
    }
}
