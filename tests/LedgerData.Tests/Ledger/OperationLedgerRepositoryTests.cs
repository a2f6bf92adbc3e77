using LedgerData.Ledger;
using LedgerData.Tests.Infrastructure;
using LedgerData.Transactions;

namespace LedgerData.Tests.Ledger;

public sealed class OperationLedgerRepositoryTests(DatabaseProvider provider) : DatabaseFixture(provider)
{
    [Test]
    public async Task Register_twice_returns_the_same_entry_and_the_unit_of_work_still_commits()
    {
        var scope = NewScope();

        var (first, second) = await Factory.RunAsync(async (unitOfWork, cancellationToken) =>
        {
            var ledger = new OperationLedgerRepository(unitOfWork);
            var first = await ledger.RegisterAsync(scope, "batch-1", "checkout", cancellationToken);
            var second = await ledger.RegisterAsync(scope, "batch-1", "checkout", cancellationToken);
            return (first, second);
        });

        first.Created.Should().BeTrue();
        second.Should().Be(new LedgerRegistration(first.EntryId, Created: false));
        (await Database.CountAsync("operation_ledger", scope)).Should().Be(1);
    }

    [Test]
    public async Task Register_returns_existing_entry_for_a_batch_ref_committed_earlier()
    {
        var scope = NewScope();
        var first = await RegisterAsync(scope, "batch-1");

        var second = await RegisterAsync(scope, "batch-1");

        second.Should().Be(new LedgerRegistration(first.EntryId, Created: false));
    }

    [Test]
    public async Task Concurrent_registrations_of_one_batch_ref_create_one_entry_that_every_caller_gets()
    {
        const int callers = 32;
        var scope = NewScope();

        var registrations = await ConcurrentStart.RunAsync(callers, _ => RegisterAsync(scope, "contended"));

        (await Database.CountAsync("operation_ledger", scope)).Should().Be(1);
        var entryId = Convert.ToInt64(await Database.ScalarAsync(
            "SELECT entry_id FROM operation_ledger WHERE scope = @scope", ("scope", scope)));
        registrations.Should().OnlyContain(registration => registration.EntryId == entryId);
        registrations.Count(registration => registration.Created).Should().Be(1);
    }

    [Test]
    public async Task The_same_batch_ref_in_two_scopes_is_two_entries()
    {
        var first = await RegisterAsync(NewScope(), "shared-ref");
        var second = await RegisterAsync(NewScope(), "shared-ref");

        first.Created.Should().BeTrue();
        second.Created.Should().BeTrue();
        second.EntryId.Should().NotBe(first.EntryId);
    }

    [Test]
    public async Task Find_returns_the_entry_for_a_batch_ref_and_null_for_an_unknown_one()
    {
        var scope = NewScope();
        var registration = await RegisterAsync(scope, "batch-1");
        var before = DateTimeOffset.UtcNow;

        var (found, missing) = await Factory.RunAsync(async (unitOfWork, cancellationToken) =>
        {
            var ledger = new OperationLedgerRepository(unitOfWork);
            return (await ledger.FindAsync(scope, "batch-1", cancellationToken),
                await ledger.FindAsync(scope, "batch-2", cancellationToken));
        });

        missing.Should().BeNull();
        found.Should().BeEquivalentTo(
            new { registration.EntryId, Scope = scope, BatchRef = "batch-1", ActionType = "checkout" });
        found!.RecordedAt.Offset.Should().Be(TimeSpan.Zero);
        found.RecordedAt.Should().BeCloseTo(before, TimeSpan.FromMinutes(1));
    }

    [Test]
    public async Task List_returns_a_scopes_entries_in_recorded_order_page_by_page()
    {
        var scope = NewScope();
        var refs = Enumerable.Range(1, 5).Select(i => $"batch-{i}").ToArray();
        foreach (var batchRef in refs)
        {
            await RegisterAsync(scope, batchRef);
        }

        await RegisterAsync(NewScope(), "batch-of-another-scope");

        var (firstPage, secondPage) = await Factory.RunAsync(async (unitOfWork, cancellationToken) =>
        {
            var ledger = new OperationLedgerRepository(unitOfWork);
            var first = await ledger.ListAsync(scope, limit: 3, cancellationToken: cancellationToken);
            var second = await ledger.ListAsync(scope, first[^1].EntryId, limit: 3, cancellationToken);
            return (first, second);
        });

        firstPage.Concat(secondPage).Select(entry => entry.BatchRef).Should().Equal(refs);
        firstPage.Concat(secondPage).Select(entry => entry.EntryId).Should().BeInAscendingOrder();
    }

    [Test]
    public async Task Rollback_leaves_nothing_and_the_batch_ref_can_be_registered_again()
    {
        var scope = NewScope();
        await using (var unitOfWork = await Factory.BeginAsync())
        {
            await new OperationLedgerRepository(unitOfWork).RegisterAsync(scope, "batch-1", "checkout");
            await unitOfWork.RollbackAsync();
        }

        (await Database.CountAsync("operation_ledger", scope)).Should().Be(0);
        (await RegisterAsync(scope, "batch-1")).Created.Should().BeTrue();
    }

    [Test]
    public async Task Dispose_without_commit_leaves_nothing_and_the_batch_ref_can_be_registered_again()
    {
        var scope = NewScope();
        await using (var unitOfWork = await Factory.BeginAsync())
        {
            await new OperationLedgerRepository(unitOfWork).RegisterAsync(scope, "batch-1", "checkout");
        }

        (await Database.CountAsync("operation_ledger", scope)).Should().Be(0);
        (await RegisterAsync(scope, "batch-1")).Created.Should().BeTrue();
    }

    private static readonly object?[][] BadArguments =
    [
        [null, "batch", "checkout", "scope", "required"],
        ["", "batch", "checkout", "scope", "empty"],
        ["   ", "batch", "checkout", "scope", "empty"],
        [new string('s', 201), "batch", "checkout", "scope", "at most 200 characters; it has 201"],
        ["client\n1", "batch", "checkout", "scope", "control characters; it has one at position 6"],
        ["client", null, "checkout", "batchRef", "required"],
        ["client", new string('b', 256), "checkout", "batchRef", "at most 255 characters; it has 256"],
        ["client", "batch\u0000", "checkout", "batchRef", "control characters"],
        ["client", "batch\u0085", "checkout", "batchRef", "control characters"],
        ["client", "batch", "", "actionType", "empty"],
        ["client", "batch", new string('a', 101), "actionType", "at most 100 characters"],
    ];

    [TestCaseSource(nameof(BadArguments))]
    public async Task Register_refuses_bad_arguments_before_any_sql_runs(
        string? scope, string? batchRef, string? actionType, string parameter, string rule)
    {
        var rowsBefore = await Database.CountAsync("operation_ledger");
        await using var unitOfWork = await Factory.BeginAsync();
        var ledger = new OperationLedgerRepository(unitOfWork);
        // Any statement on a committed unit of work throws InvalidOperationException, so an ArgumentException here
        // proves the argument was refused before SQL was attempted.
        await unitOfWork.CommitAsync();

        var register = () => ledger.RegisterAsync(scope!, batchRef!, actionType!);

        (await register.Should().ThrowAsync<ArgumentException>())
            .Where(e => e.ParamName == parameter && e.Message.Contains(rule, StringComparison.Ordinal));
        (await Database.CountAsync("operation_ledger")).Should().Be(rowsBefore);
    }

    [Test]
    public async Task Find_and_list_refuse_bad_arguments_before_any_sql_runs()
    {
        await using var unitOfWork = await Factory.BeginAsync();
        var ledger = new OperationLedgerRepository(unitOfWork);
        await unitOfWork.CommitAsync();

        await FluentActions.Awaiting(() => ledger.FindAsync("client", "")).Should().ThrowAsync<ArgumentException>()
            .WithParameterName("batchRef");
        await FluentActions.Awaiting(() => ledger.ListAsync("client", limit: 0))
            .Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("limit");
        await FluentActions.Awaiting(() => ledger.ListAsync("client", afterEntryId: -1))
            .Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("afterEntryId");
    }

    private Task<LedgerRegistration> RegisterAsync(string scope, string batchRef)
        => Factory.RunAsync((unitOfWork, cancellationToken) =>
            new OperationLedgerRepository(unitOfWork).RegisterAsync(scope, batchRef, "checkout", cancellationToken));
}
