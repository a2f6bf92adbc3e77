using System.Text.Json;
using System.Text.Json.Nodes;
using LedgerData.Checkout;
using LedgerData.Inventory;
using LedgerData.Tests.Infrastructure;

namespace LedgerData.Tests.Checkout;

/// <summary>Edges where exactly-once used to break: expiry races, dishonest steps, odd input.</summary>
public sealed class CheckoutEdgeCaseTests(DatabaseProvider provider) : CheckoutFixture(provider)
{
    [Test]
    public async Task Concurrent_repeats_of_an_expired_key_execute_it_once_and_replay_that_execution()
    {
        const int callers = 16;
        var scope = NewScope();
        await StockAsync(scope, "apple", 10);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var processor = NewProcessor(
            new CheckoutOptions { Retention = TimeSpan.FromHours(1), InFlightWait = TimeSpan.FromSeconds(30) },
            timeProvider: clock);
        var request = Order(scope, "key-1", "order-1", ("apple", 1));
        await processor.ProcessAsync(request);
        clock.Advance(TimeSpan.FromHours(2));

        var outcomes = await ConcurrentStart.RunAsync(callers, _ => processor.ProcessAsync(request));

        outcomes.Count(o => o.Kind == CheckoutOutcomeKind.Completed).Should().Be(1);
        outcomes.Count(o => o.Kind == CheckoutOutcomeKind.Replayed).Should().Be(callers - 1);
        outcomes.Select(o => o.ResultPayload).Distinct().Should().ContainSingle();
        (await AvailableAsync(scope, "apple")).Should().Be(8);
    }

    [Test]
    public async Task A_step_that_writes_and_then_refuses_leaves_no_trace_and_the_retry_can_run()
    {
        var scope = NewScope();
        await StockAsync(scope, "apple", 10);
        var step = new ReserveThenRefuseOnceStep(new InventoryReservationStep());
        var processor = NewProcessor(new CheckoutOptions { FailedAttempts = FailedAttemptPolicy.RetryAllowed }, step);
        var request = Order(scope, "key-1", "order-1", ("apple", 2));

        var refused = await processor.ProcessAsync(request);
        var stockAfterRefusal = await AvailableAsync(scope, "apple");
        var retried = await processor.ProcessAsync(request);

        refused.Kind.Should().Be(CheckoutOutcomeKind.Rejected);
        stockAfterRefusal.Should().Be(10, "a refusal changes no stock, whatever the step wrote first");
        retried.Kind.Should().Be(CheckoutOutcomeKind.Completed);
        (await AvailableAsync(scope, "apple")).Should().Be(8);
        (await Database.CountAsync("reservations", scope)).Should().Be(1);
    }

    [Test]
    public async Task Concurrent_retries_of_a_refused_key_run_the_step_once_per_wave()
    {
        const int callers = 16;
        var scope = NewScope();
        await StockAsync(scope, "apple", 0);
        var step = new CountingStep(new InventoryReservationStep());
        // The clock stands still during the wave, so every retry of it arrives at the same instant, before the
        // wave's one execution finishes; the barrier alone cannot promise that on a busy machine.
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var processor = NewProcessor(
            new CheckoutOptions
            {
                FailedAttempts = FailedAttemptPolicy.RetryAllowed,
                InFlightWait = TimeSpan.FromSeconds(30),
            },
            step,
            clock);
        var request = Order(scope, "key-1", "order-1", ("apple", 1));
        var first = await processor.ProcessAsync(request);
        clock.Advance(TimeSpan.FromSeconds(1));

        var retries = await ConcurrentStart.RunAsync(callers, _ => processor.ProcessAsync(request));

        first.Kind.Should().Be(CheckoutOutcomeKind.Rejected);
        step.Executions.Should().Be(2, "the first request and one retry of the wave ran the step");
        retries.Count(o => o.Kind == CheckoutOutcomeKind.Rejected).Should().Be(1);
        retries.Count(o => o.Kind == CheckoutOutcomeKind.Replayed).Should().Be(callers - 1);
    }

    [Test]
    public async Task Step_details_cannot_shadow_the_fields_the_processor_writes()
    {
        foreach (var name in CheckoutStepResult.ReservedNames)
        {
            FluentActions.Invoking(() => CheckoutStepResult.Success(new JsonObject { [name] = 1 }))
                .Should().Throw<ArgumentException>().WithMessage($"*'{name}'*");
        }

        var scope = NewScope();
        var processor = NewProcessor(step: new ShadowingStep());
        var run = () => processor.ProcessAsync(Request(scope, "key-1", "{}"));

        await run.Should().ThrowAsync<ArgumentException>();
        (await Database.CountAsync("checkout_attempts", scope)).Should().Be(0);
    }

    // Built in code: attribute arguments are stored as UTF-8, which cannot carry a lone surrogate.
    [TestCase(true)]
    [TestCase(false)]
    public async Task A_scope_with_an_unpaired_surrogate_is_refused_before_any_sql(bool highSurrogate)
    {
        var scope = highSurrogate ? "client" + '\uD800' : '\uDC00' + "client";
        var processor = NewProcessor();

        var run = () => processor.ProcessAsync(Order(scope, "key-1", "order-1", ("apple", 1)));

        (await run.Should().ThrowAsync<ArgumentException>()).WithMessage("*unpaired surrogate*");
    }

    private sealed class ReserveThenRefuseOnceStep(ICheckoutStep inner) : ICheckoutStep
    {
        private int calls;

        public void Validate(JsonElement payload) => inner.Validate(payload);

        public async Task<CheckoutStepResult> ExecuteAsync(
            CheckoutStepContext context, CancellationToken cancellationToken)
        {
            var result = await inner.ExecuteAsync(context, cancellationToken);
            return Interlocked.Increment(ref calls) == 1
                ? CheckoutStepResult.Rejected("changed-my-mind", "The step refused after it had reserved stock.")
                : result;
        }
    }

    private sealed class CountingStep(ICheckoutStep inner) : ICheckoutStep
    {
        private int executions;

        public int Executions => executions;

        public void Validate(JsonElement payload) => inner.Validate(payload);

        public Task<CheckoutStepResult> ExecuteAsync(CheckoutStepContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref executions);
            return inner.ExecuteAsync(context, cancellationToken);
        }
    }

    private sealed class ShadowingStep : ICheckoutStep
    {
        public void Validate(JsonElement payload)
        {
        }

        public Task<CheckoutStepResult> ExecuteAsync(CheckoutStepContext context, CancellationToken cancellationToken)
            => Task.FromResult(CheckoutStepResult.Success(new JsonObject { ["state"] = "shipped" }));
    }
}
