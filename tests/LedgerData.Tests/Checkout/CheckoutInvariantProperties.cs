using CsCheck;
using LedgerData.Checkout;
using LedgerData.Tests.Infrastructure;
using LedgerData.Transactions;

namespace LedgerData.Tests.Checkout;

/// <summary>
/// Random interleavings of requests, repeats, payload changes and step failures, run concurrently, must keep the
/// invariants that make checkouts exactly-once, whatever the order the database happened to serve them in.
/// </summary>
public sealed class CheckoutInvariantProperties(DatabaseProvider provider) : CheckoutFixture(provider)
{
    private const string Sku = "widget";

    /// <summary>One request: which of a few keys, how many widgets, and whether the step blows up.</summary>
    public sealed record Operation(int Key, int Quantity, bool StepThrows)
    {
        public override string ToString() => $"key-{Key} x{Quantity}{(StepThrows ? " (throws)" : string.Empty)}";
    }

    private static readonly Gen<Operation> OperationGen = Gen.Select(
        Gen.Int[0, 3],
        Gen.Int[1, 2],
        Gen.Int[0, 3],
        (key, quantity, fault) => new Operation(key, quantity, StepThrows: fault == 0));

    [Test]
    public async Task Concurrent_random_histories_keep_ledger_stock_and_keys_consistent()
    {
        var histories = Gen.Select(Gen.Int[0, 6], Gen.Bool, OperationGen.Array[1, 10]);

        await histories.SampleAsync(
            async (initialStock, retryFailed, operations) =>
                await RunHistoryAsync(initialStock, retryFailed, operations),
            iter: 25,
            threads: 1);
    }

    private async Task RunHistoryAsync(int initialStock, bool retryFailed, Operation[] operations)
    {
        var scope = NewScope();
        await StockAsync(scope, Sku, initialStock);
        var step = new FaultInjectingStep(new InventoryReservationStep());
        var processor = NewProcessor(
            new CheckoutOptions
            {
                InFlightWait = TimeSpan.FromSeconds(30),
                FailedAttempts = retryFailed ? FailedAttemptPolicy.RetryAllowed : FailedAttemptPolicy.Terminal,
                TransientRetry = TransientRetryPolicy.Default,
            },
            step);

        var outcomes = await ConcurrentStart.RunAsync(operations.Length, async index =>
        {
            var operation = operations[index];
            using var fault = step.Arm(operation.StepThrows);
            try
            {
                var request = Order(scope, $"key-{operation.Key}", $"order-{operation.Key}", (Sku, operation.Quantity));
                return (operation, Outcome: (CheckoutOutcome?)await processor.ProcessAsync(request));
            }
            catch (InvalidOperationException exception) when (exception.Message.Contains("injected"))
            {
                return (operation, Outcome: null);
            }
        });

        var completed = outcomes.Where(o => o.Outcome?.Kind == CheckoutOutcomeKind.Completed).ToArray();
        var ledgerEntries = await Database.CountAsync("operation_ledger", scope);
        var fulfilled = Convert.ToInt64(await Database.ScalarAsync(
            "SELECT count(*) FROM checkout_attempts WHERE scope = @scope AND processing_state = 'fulfilled'",
            ("scope", scope)));
        var executedAttempts = Convert.ToInt64(await Database.ScalarAsync(
            "SELECT count(DISTINCT attempt_id) FROM reservations WHERE scope = @scope", ("scope", scope)));

        ledgerEntries.Should().Be(fulfilled, "every fulfilled attempt, and only those, has a ledger entry");
        ledgerEntries.Should().Be(completed.Length, "each completed outcome executed exactly once");
        executedAttempts.Should().Be(fulfilled, "only fulfilled attempts changed stock");
        ((await AvailableAsync(scope, Sku)) + (await ReservedAsync(scope, Sku)))
            .Should().Be(initialStock, "stock plus reservations is what there was");
        completed.GroupBy(o => o.operation.Key)
            .Should().NotContain(group => group.Count() > 1, "no key executes twice");

        foreach (var replay in outcomes.Where(o => o.Outcome?.Kind == CheckoutOutcomeKind.Replayed))
        {
            var stored = await Database.ScalarAsync(
                "SELECT result_payload FROM checkout_attempts WHERE scope = @scope AND processing_state <> 'pending'" +
                " AND result_payload LIKE @attempt",
                ("scope", scope), ("attempt", $"%{replay.Outcome!.AttemptId}%"));
            replay.Outcome.ResultPayload.Should().Be((string?)stored, "a replay returns the stored bytes");
        }
    }

    /// <summary>Throws after the inner step when the calling operation armed it, like a bug after the change.</summary>
    private sealed class FaultInjectingStep(ICheckoutStep inner) : ICheckoutStep
    {
        private readonly AsyncLocal<bool> armed = new();

        public IDisposable Arm(bool throws)
        {
            armed.Value = throws;
            return new Disarm(this);
        }

        public void Validate(System.Text.Json.JsonElement payload) => inner.Validate(payload);

        public async Task<CheckoutStepResult> ExecuteAsync(
            CheckoutStepContext context, CancellationToken cancellationToken)
        {
            var result = await inner.ExecuteAsync(context, cancellationToken);
            return armed.Value ? throw new InvalidOperationException("injected step failure") : result;
        }

        private sealed class Disarm(FaultInjectingStep step) : IDisposable
        {
            public void Dispose() => step.armed.Value = false;
        }
    }
}
