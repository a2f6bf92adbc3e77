using System.Text.Json;
using LedgerData.Checkout;
using LedgerData.Tests.Infrastructure;

namespace LedgerData.Tests.Checkout;

public sealed class CheckoutProcessorTests(DatabaseProvider provider) : CheckoutFixture(provider)
{
    [Test]
    public async Task A_first_request_completes_with_one_reservation_one_ledger_entry_and_the_stored_result()
    {
        var scope = NewScope();
        await StockAsync(scope, "apple", 10);

        var outcome = await NewProcessor().ProcessAsync(Order(scope, "key-1", "order-1", ("apple", 3)));

        outcome.Kind.Should().Be(CheckoutOutcomeKind.Completed);
        outcome.State.Should().Be(ProcessingState.Fulfilled);
        using var result = JsonDocument.Parse(outcome.ResultPayload!);
        result.RootElement.GetProperty("attemptId").GetGuid().Should().Be(outcome.AttemptId!.Value);
        result.RootElement.GetProperty("state").GetString().Should().Be("fulfilled");
        result.RootElement.GetProperty("orderId").GetString().Should().Be("order-1");
        result.RootElement.GetProperty("items")[0].GetProperty("quantity").GetInt32().Should().Be(3);
        var ledgerEntryId = result.RootElement.GetProperty("ledgerEntryId").GetInt64();

        (await AvailableAsync(scope, "apple")).Should().Be(7);
        (await ReservedAsync(scope, "apple")).Should().Be(3);
        (await Database.ScalarAsync(
                "SELECT entry_id FROM operation_ledger WHERE scope = @scope AND batch_ref = @ref",
                ("scope", scope), ("ref", CheckoutProcessor.BatchRefFor(outcome.AttemptId.Value))))
            .Should().Be(ledgerEntryId);
        (await Database.ScalarAsync(
                "SELECT result_payload FROM checkout_attempts WHERE scope = @scope", ("scope", scope)))
            .Should().Be(outcome.ResultPayload);
    }

    [Test]
    public async Task Identical_concurrent_requests_execute_once_and_all_get_the_same_bytes()
    {
        const int callers = 64;
        var scope = NewScope();
        await StockAsync(scope, "apple", 1000);
        var processor = NewProcessor(new CheckoutOptions { InFlightWait = TimeSpan.FromSeconds(30) });

        var outcomes = await ConcurrentStart.RunAsync(
            callers, _ => processor.ProcessAsync(Order(scope, "double-click", "order-1", ("apple", 2))));

        outcomes.Count(o => o.Kind == CheckoutOutcomeKind.Completed).Should().Be(1);
        outcomes.Count(o => o.Kind == CheckoutOutcomeKind.Replayed).Should().Be(callers - 1);
        outcomes.Select(o => o.ResultPayload).Distinct().Should().ContainSingle();
        outcomes.Select(o => o.AttemptId).Distinct().Should().ContainSingle();
        (await Database.CountAsync("operation_ledger", scope)).Should().Be(1);
        (await Database.CountAsync("reservations", scope)).Should().Be(1);
        (await AvailableAsync(scope, "apple")).Should().Be(998);
    }

    [Test]
    public async Task Concurrent_orders_for_scarce_stock_sell_exactly_what_there_is()
    {
        const int callers = 200;
        var scope = NewScope();
        await StockAsync(scope, "last-units", 50);
        var processor = NewProcessor(new CheckoutOptions { InFlightWait = TimeSpan.FromSeconds(60) });

        var outcomes = await ConcurrentStart.RunAsync(
            callers, i => processor.ProcessAsync(Order(scope, $"key-{i}", $"order-{i}", ("last-units", 1))));

        outcomes.Count(o => o.Kind == CheckoutOutcomeKind.Completed).Should().Be(50);
        outcomes.Where(o => o.Kind != CheckoutOutcomeKind.Completed)
            .Should()
            .OnlyContain(o => o.Kind == CheckoutOutcomeKind.Rejected && o.RejectionReason == "insufficient-stock")
            .And.HaveCount(150);
        (await AvailableAsync(scope, "last-units")).Should().Be(0);
        (await ReservedAsync(scope, "last-units")).Should().Be(50);
        (await Database.CountAsync("operation_ledger", scope)).Should().Be(50);
    }

    [Test]
    public async Task Orders_over_the_same_skus_in_opposite_orders_never_deadlock_and_the_arithmetic_is_exact()
    {
        const int callers = 40;
        var scope = NewScope();
        await StockAsync(scope, "left", 1000);
        await StockAsync(scope, "right", 1000);
        var processor = NewProcessor(new CheckoutOptions
        {
            InFlightWait = TimeSpan.FromSeconds(60),
            TransientRetry = LedgerData.Transactions.TransientRetryPolicy.None,
        });

        var outcomes = await ConcurrentStart.RunAsync(callers, i => processor.ProcessAsync(i % 2 == 0
            ? Order(scope, $"key-{i}", $"order-{i}", ("left", 1), ("right", 2))
            : Order(scope, $"key-{i}", $"order-{i}", ("right", 2), ("left", 1))));

        outcomes.Should().OnlyContain(o => o.Kind == CheckoutOutcomeKind.Completed);
        (await AvailableAsync(scope, "left")).Should().Be(1000 - callers);
        (await AvailableAsync(scope, "right")).Should().Be(1000 - (2 * callers));
        (await Database.CountAsync("reservations", scope)).Should().Be(2 * callers);
    }

    [Test]
    public async Task The_same_key_with_another_payload_is_refused_and_writes_nothing()
    {
        var scope = NewScope();
        await StockAsync(scope, "apple", 10);
        var processor = NewProcessor();
        var first = await processor.ProcessAsync(Order(scope, "key-1", "order-1", ("apple", 1)));

        var second = await processor.ProcessAsync(Order(scope, "key-1", "order-1", ("apple", 2)));

        first.Kind.Should().Be(CheckoutOutcomeKind.Completed);
        second.Should().Be(new CheckoutOutcome(CheckoutOutcomeKind.PayloadMismatch, null, null, null, null));
        (await AvailableAsync(scope, "apple")).Should().Be(9);
        (await Database.CountAsync("checkout_attempts", scope)).Should().Be(1);
        (await Database.CountAsync("operation_ledger", scope)).Should().Be(1);
    }

    [Test]
    public async Task The_same_key_from_another_scope_is_an_independent_request()
    {
        var (alice, bob) = (NewScope(), NewScope());
        await StockAsync(alice, "apple", 10);
        await StockAsync(bob, "apple", 10);
        var processor = NewProcessor();

        var fromAlice = await processor.ProcessAsync(Order(alice, "shared-key", "order-1", ("apple", 1)));
        var fromBob = await processor.ProcessAsync(Order(bob, "shared-key", "order-1", ("apple", 5)));

        fromAlice.Kind.Should().Be(CheckoutOutcomeKind.Completed);
        fromBob.Kind.Should().Be(CheckoutOutcomeKind.Completed);
        fromBob.AttemptId.Should().NotBe(fromAlice.AttemptId!.Value);
        (await AvailableAsync(alice, "apple")).Should().Be(9);
        (await AvailableAsync(bob, "apple")).Should().Be(5);
    }

    [Test]
    public async Task Reordered_properties_other_whitespace_and_number_formats_replay_instead_of_mismatching()
    {
        var scope = NewScope();
        await StockAsync(scope, "apple", 10);
        var processor = NewProcessor();
        var first = await processor.ProcessAsync(Request(scope, "key-1",
            """{"orderId":"order-1","items":[{"sku":"apple","quantity":2}]}"""));

        var reordered = await processor.ProcessAsync(Request(scope, "key-1", """
            {
              "items" : [ { "quantity" : 2.0, "sku" : "apple" } ],
              "orderId" : "order-1"
            }
            """));
        var exponent = await processor.ProcessAsync(Request(scope, "key-1",
            """{"items":[{"sku":"apple","quantity":20e-1}],"orderId":"order-1"}"""));

        reordered.Kind.Should().Be(CheckoutOutcomeKind.Replayed);
        exponent.Kind.Should().Be(CheckoutOutcomeKind.Replayed);
        reordered.ResultPayload.Should().Be(first.ResultPayload);
        (await AvailableAsync(scope, "apple")).Should().Be(8);
    }

    [Test]
    public async Task A_rejection_is_stored_replayed_like_a_success_and_changes_no_stock()
    {
        var scope = NewScope();
        await StockAsync(scope, "apple", 1);
        var processor = NewProcessor();

        var first = await processor.ProcessAsync(Order(scope, "key-1", "order-1", ("apple", 5)));
        await StockAsync(scope, "apple", 10);
        var repeat = await processor.ProcessAsync(Order(scope, "key-1", "order-1", ("apple", 5)));
        var unknown = await processor.ProcessAsync(Order(scope, "key-2", "order-2", ("pear", 1)));

        first.Kind.Should().Be(CheckoutOutcomeKind.Rejected);
        first.State.Should().Be(ProcessingState.Failed);
        first.RejectionReason.Should().Be("insufficient-stock");
        repeat.Should().Be(first with { Kind = CheckoutOutcomeKind.Replayed });
        unknown.RejectionReason.Should().Be("unknown-sku");
        (await AvailableAsync(scope, "apple")).Should().Be(10);
        (await Database.CountAsync("reservations", scope)).Should().Be(0);
        (await Database.CountAsync("operation_ledger", scope)).Should().Be(0);
    }

    [Test]
    public async Task With_retry_allowed_a_rejected_key_completes_once_after_restocking_even_with_concurrent_retries()
    {
        const int callers = 16;
        var scope = NewScope();
        await StockAsync(scope, "apple", 0);
        var processor = NewProcessor(new CheckoutOptions
        {
            FailedAttempts = FailedAttemptPolicy.RetryAllowed,
            InFlightWait = TimeSpan.FromSeconds(30),
        });
        var request = Order(scope, "key-1", "order-1", ("apple", 2));
        var rejected = await processor.ProcessAsync(request);
        await StockAsync(scope, "apple", 10);

        var retries = await ConcurrentStart.RunAsync(callers, _ => processor.ProcessAsync(request));

        rejected.Kind.Should().Be(CheckoutOutcomeKind.Rejected);
        retries.Count(o => o.Kind == CheckoutOutcomeKind.Completed).Should().Be(1);
        retries.Count(o => o.Kind == CheckoutOutcomeKind.Replayed).Should().Be(callers - 1);
        retries.Should().OnlyContain(o => o.AttemptId == rejected.AttemptId && o.State == ProcessingState.Fulfilled);
        retries.Select(o => o.ResultPayload).Distinct().Should().ContainSingle();
        (await AvailableAsync(scope, "apple")).Should().Be(8);
        (await Database.CountAsync("operation_ledger", scope)).Should().Be(1);
    }

    [Test]
    public async Task An_exception_in_the_step_persists_nothing_and_the_retry_completes_once()
    {
        var scope = NewScope();
        await StockAsync(scope, "apple", 10);
        var step = new FailingOnceStep(new InventoryReservationStep());
        var processor = NewProcessor(step: step);
        var request = Order(scope, "key-1", "order-1", ("apple", 1));

        var failing = () => processor.ProcessAsync(request);

        await failing.Should().ThrowAsync<InvalidOperationException>().WithMessage("*simulated*");
        (await Database.CountAsync("checkout_attempts", scope)).Should().Be(0);
        (await Database.CountAsync("reservations", scope)).Should().Be(0);
        (await AvailableAsync(scope, "apple")).Should().Be(10);

        var retry = await processor.ProcessAsync(request);
        var repeat = await processor.ProcessAsync(request);

        retry.Kind.Should().Be(CheckoutOutcomeKind.Completed);
        repeat.Kind.Should().Be(CheckoutOutcomeKind.Replayed);
        (await AvailableAsync(scope, "apple")).Should().Be(9);
        (await Database.CountAsync("operation_ledger", scope)).Should().Be(1);
    }

    [Test]
    public async Task A_duplicate_waits_for_the_running_request_then_gets_in_progress_or_the_replay()
    {
        var scope = NewScope();
        await StockAsync(scope, "apple", 10);
        var gate = new HeldStep(new InventoryReservationStep());
        var holder = NewProcessor(new CheckoutOptions { InFlightWait = TimeSpan.FromSeconds(30) }, gate);
        var request = Order(scope, "key-1", "order-1", ("apple", 1));

        var first = holder.ProcessAsync(request);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var impatient = await NewProcessor(new CheckoutOptions { InFlightWait = TimeSpan.FromMilliseconds(500) })
            .ProcessAsync(request);
        // Microsoft.Data.Sqlite begins transactions synchronously, so the patient request gets a thread of its own.
        var patient = Task.Run(() => NewProcessor(new CheckoutOptions { InFlightWait = TimeSpan.FromSeconds(30) })
            .ProcessAsync(request));
        await WaitUntilAnotherSessionWaitsForALockAsync();
        gate.Release.SetResult();

        impatient.Kind.Should().Be(CheckoutOutcomeKind.InProgress);
        (await first).Kind.Should().Be(CheckoutOutcomeKind.Completed);
        (await patient).Should().Be((await first) with { Kind = CheckoutOutcomeKind.Replayed });
        (await AvailableAsync(scope, "apple")).Should().Be(9);
    }

    [TestCase("", "empty key")]
    [TestCase("has space", "space")]
    [TestCase("tab\there", "control character")]
    [TestCase("ключ", "non-ASCII")]
    public async Task An_invalid_key_fails_before_any_sql(string key, string because)
    {
        var scope = NewScope();
        var processor = NewProcessor();

        var run = () => processor.ProcessAsync(Order(scope, key, "order-1", ("apple", 1)));

        (await run.Should().ThrowAsync<ArgumentException>(because)).Which.ParamName.Should().Be("IdempotencyKey");
        (await Database.CountAsync("checkout_attempts", scope)).Should().Be(0);
    }

    [Test]
    public async Task A_key_of_256_characters_is_refused_and_one_of_255_is_accepted()
    {
        var scope = NewScope();
        await StockAsync(scope, "apple", 10);
        var processor = NewProcessor();

        var tooLong = () => processor.ProcessAsync(Order(scope, new string('k', 256), "order-1", ("apple", 1)));
        var longest = await processor.ProcessAsync(Order(scope, new string('k', 255), "order-1", ("apple", 1)));

        (await tooLong.Should().ThrowAsync<ArgumentException>()).WithMessage("*1 to 255 characters; it has 256*");
        longest.Kind.Should().Be(CheckoutOutcomeKind.Completed);
    }

    [TestCase("""{"orderId":"o","items":[]}""", "*items must hold 1 to 100 lines; it has 0*")]
    [TestCase("""{"orderId":"o","items":[{"sku":"apple","quantity":0}]}""", "*quantity must be 1 to*it is 0*")]
    [TestCase("""{"orderId":"o","items":[{"sku":"apple","quantity":-3}]}""", "*it is -3*")]
    [TestCase("""{"orderId":"o","items":[{"sku":"apple","quantity":1.5}]}""", "*whole number*")]
    [TestCase("""{"orderId":"o","items":[{"sku":"","quantity":1}]}""", "*items[0].sku must not be empty*")]
    [TestCase("""{"items":[{"sku":"apple","quantity":1}]}""", "*orderId must be a string*")]
    [TestCase("""{"orderId":"o","items":[{"sku":"apple","quantity":1}],"orderId":"p"}""", "*repeats the property*")]
    [TestCase("""[1,2]""", "*must be a JSON object*")]
    public async Task An_invalid_order_fails_with_a_clear_error_before_any_sql(string json, string message)
    {
        var scope = NewScope();
        var processor = NewProcessor();

        var run = () => processor.ProcessAsync(Request(scope, "key-1", json));

        await run.Should().ThrowAsync<ArgumentException>().WithMessage(message);
        (await Database.CountAsync("checkout_attempts", scope)).Should().Be(0);
    }

    [Test]
    public async Task An_expired_attempt_is_purged_and_its_key_is_new_again()
    {
        var (scope, clock, processor, request, first) = await CompletedWithOneHourRetentionAsync();

        clock.Advance(TimeSpan.FromMinutes(59));
        var stillKept = await processor.PurgeExpiredAsync();
        var replay = await processor.ProcessAsync(request);
        clock.Advance(TimeSpan.FromMinutes(2));
        var purged = await processor.PurgeExpiredAsync(batchSize: 1);
        var again = await processor.ProcessAsync(request);

        replay.Kind.Should().Be(CheckoutOutcomeKind.Replayed);
        stillKept.Should().Be(0);
        purged.Should().BeGreaterThanOrEqualTo(1);
        again.Kind.Should().Be(CheckoutOutcomeKind.Completed);
        again.AttemptId.Should().NotBe(first.AttemptId!.Value);
        (await AvailableAsync(scope, "apple")).Should().Be(8);
    }

    [Test]
    public async Task An_expired_attempt_not_yet_purged_does_not_hold_its_key()
    {
        var (scope, clock, processor, request, first) = await CompletedWithOneHourRetentionAsync();

        clock.Advance(TimeSpan.FromHours(2));
        var again = await processor.ProcessAsync(request);

        again.Kind.Should().Be(CheckoutOutcomeKind.Completed);
        again.AttemptId.Should().NotBe(first.AttemptId!.Value);
        (await Database.CountAsync("checkout_attempts", scope)).Should().Be(1);
    }

    [Test]
    public async Task FindAttempt_returns_the_scopes_attempt_and_nothing_for_another_scope()
    {
        var scope = NewScope();
        await StockAsync(scope, "apple", 10);
        var processor = NewProcessor();
        var outcome = await processor.ProcessAsync(Order(scope, "key-1", "order-1", ("apple", 1)));

        var found = await processor.FindAttemptAsync(scope, outcome.AttemptId!.Value);
        var foreign = await processor.FindAttemptAsync(NewScope(), outcome.AttemptId.Value);

        found!.State.Should().Be(ProcessingState.Fulfilled);
        found.ResultPayload.Should().Be(outcome.ResultPayload);
        found.ExpiresAt.Should().BeCloseTo(found.CreatedAt + TimeSpan.FromHours(24), TimeSpan.FromSeconds(1));
        foreign.Should().BeNull();
    }

    private async Task<(string Scope, ManualClock Clock, CheckoutProcessor Processor, CheckoutRequest Request,
        CheckoutOutcome First)> CompletedWithOneHourRetentionAsync()
    {
        var scope = NewScope();
        await StockAsync(scope, "apple", 10);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var processor = NewProcessor(new CheckoutOptions { Retention = TimeSpan.FromHours(1) }, timeProvider: clock);
        var request = Order(scope, "key-1", "order-1", ("apple", 1));
        return (scope, clock, processor, request, await processor.ProcessAsync(request));
    }

    /// <summary>
    /// On PostgreSQL, waits until a session is blocked on a lock, so that the release below provably happens
    /// while the patient request waits. SQLite cannot show its busy waiters; there the request may also arrive
    /// after the release, and the assertions hold either way.
    /// </summary>
    private async Task WaitUntilAnotherSessionWaitsForALockAsync()
    {
        if (Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Convert.ToInt64(await Database.ScalarAsync(
                   "SELECT count(*) FROM pg_stat_activity " +
                   "WHERE datname = current_database() AND wait_event_type = 'Lock'"))
               == 0)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the patient request should be waiting for the key's lock");
            await Task.Yield();
        }
    }
}
