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
        // A history is one to three waves of concurrent requests; between waves the retention runs out, and the
        // purge may or may not have run, so keys both expire and come back.
        var histories = Gen.Select(
            Gen.Int[0, 6], Gen.Bool, Gen.Bool, OperationGen.Array[1, 8].Array[1, 3]);

        await histories.SampleAsync(
            async (initialStock, retryFailed, purgeBetweenWaves, waves) =>
                await RunHistoryAsync(initialStock, retryFailed, purgeBetweenWaves, waves),
            iter: 20,
            threads: 1);
    }

    private async Task RunHistoryAsync(
        int initialStock, bool retryFailed, bool purgeBetweenWaves, Operation[][] waves)
    {
        var scope = NewScope();
        await StockAsync(scope, Sku, initialStock);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var step = new FaultInjectingStep(new InventoryReservationStep());
        var processor = NewProcessor(
            new CheckoutOptions
            {
                InFlightWait = TimeSpan.FromSeconds(30),
                Retention = TimeSpan.FromHours(1),
                FailedAttempts = retryFailed ? FailedAttemptPolicy.RetryAllowed : FailedAttemptPolicy.Terminal,
                TransientRetry = TransientRetryPolicy.Default,
            },
            step,
            clock);

        var outcomes = new List<(int Wave, Operation Operation, CheckoutOutcome? Outcome)>();
        for (var wave = 0; wave < waves.Length; wave++)
        {
            if (wave > 0)
            {
                clock.Advance(TimeSpan.FromHours(2));
                if (purgeBetweenWaves)
                {
                    await processor.PurgeExpiredAsync();
                }
            }

            var operations = waves[wave];
            var waveNumber = wave;
            outcomes.AddRange(await ConcurrentStart.RunAsync(operations.Length, async index =>
            {
                var operation = operations[index];
                using var fault = step.Arm(operation.StepThrows);
                try
                {
                    var request = Order(
                        scope, $"key-{operation.Key}", $"order-{operation.Key}", (Sku, operation.Quantity));
                    return (waveNumber, operation, (CheckoutOutcome?)await processor.ProcessAsync(request));
                }
                catch (InvalidOperationException exception) when (exception.Message.Contains("injected"))
                {
                    return (waveNumber, operation, null);
                }
            }));
        }

        var completed = outcomes.Where(o => o.Outcome?.Kind == CheckoutOutcomeKind.Completed).ToArray();
        var ledgerEntries = await Database.CountAsync("operation_ledger", scope);
        var executedAttempts = Convert.ToInt64(await Database.ScalarAsync(
            "SELECT count(DISTINCT attempt_id) FROM reservations WHERE scope = @scope", ("scope", scope)));

        ledgerEntries.Should().Be(completed.Length, "each completed outcome executed once and wrote one entry");
        executedAttempts.Should().Be(ledgerEntries, "only executed attempts changed stock");
        ((await AvailableAsync(scope, Sku)) + (await ReservedAsync(scope, Sku)))
            .Should().Be(initialStock, "stock plus reservations is what there was");
        completed.GroupBy(o => (o.Wave, o.Operation.Key))
            .Should().NotContain(group => group.Count() > 1, "no key executes twice within its retention");
        outcomes.Where(o => o.Outcome?.ResultPayload is not null)
            .GroupBy(o => o.Outcome!.AttemptId)
            .Should().NotContain(
                group => group.Select(o => o.Outcome!.ResultPayload).Distinct().Count() > 1
                    && group.All(o => o.Outcome!.State != ProcessingState.Failed),
                "every answer for one attempt is the same bytes, unless a failed attempt was retried");
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
