using LedgerData.Errors;
using LedgerData.Ledger;
using LedgerData.Tests.Infrastructure;
using LedgerData.Transactions;

namespace LedgerData.Tests.Transactions;

public sealed class UnitOfWorkTests(DatabaseProvider provider) : DatabaseFixture(provider)
{
    private const string InsertEntrySql = TestSql.InsertLedgerEntry;

    [Test]
    public async Task Every_statement_of_a_committed_unit_of_work_is_visible_afterwards()
    {
        var scope = NewScope();
        await using (var unitOfWork = await Factory.BeginAsync())
        {
            await unitOfWork.ExecuteAsync(InsertEntrySql, new { Scope = scope, BatchRef = "a" });
            await unitOfWork.ExecuteAsync(InsertEntrySql, new { Scope = scope, BatchRef = "b" });
            await unitOfWork.CommitAsync();
        }

        (await Database.CountAsync("operation_ledger", scope)).Should().Be(2);
    }

    [Test]
    public async Task A_failing_statement_takes_the_earlier_statements_of_its_unit_of_work_with_it()
    {
        var scope = NewScope();

        var run = () => Factory.RunAsync(async (unitOfWork, cancellationToken) =>
        {
            await unitOfWork.ExecuteAsync(InsertEntrySql, new { Scope = scope, BatchRef = "a" }, cancellationToken);
            return await unitOfWork.ExecuteAsync(
                InsertEntrySql, new { Scope = scope, BatchRef = "a" }, cancellationToken);
        });

        (await run.Should().ThrowAsync<UniqueViolationException>())
            .Which.InnerException.Should().NotBeNull("the provider exception is kept");
        (await Database.CountAsync("operation_ledger", scope)).Should().Be(0);
    }

    [TestCase("commit")]
    [TestCase("rollback")]
    public async Task Using_a_finished_unit_of_work_throws_a_clear_InvalidOperationException(string ending)
    {
        await using var unitOfWork = await Factory.BeginAsync();
        await (ending == "commit" ? unitOfWork.CommitAsync() : unitOfWork.RollbackAsync());
        var expected = ending == "commit" ? "*already committed*" : "*already rolled back*";

        await FluentActions.Awaiting(() => unitOfWork.ExecuteAsync("SELECT 1"))
            .Should().ThrowAsync<InvalidOperationException>().WithMessage(expected);
        await FluentActions.Awaiting(() => unitOfWork.QueryAsync<int>("SELECT 1"))
            .Should().ThrowAsync<InvalidOperationException>().WithMessage(expected);
        await FluentActions.Awaiting(() => unitOfWork.CommitAsync())
            .Should().ThrowAsync<InvalidOperationException>().WithMessage(expected);
        await FluentActions.Awaiting(() => unitOfWork.RollbackAsync())
            .Should().ThrowAsync<InvalidOperationException>().WithMessage(expected);
    }

    [Test]
    public async Task Using_a_disposed_unit_of_work_throws_InvalidOperationException()
    {
        var unitOfWork = await Factory.BeginAsync();
        await unitOfWork.DisposeAsync();
        await unitOfWork.DisposeAsync();

        await FluentActions.Awaiting(() => unitOfWork.ExecuteAsync("SELECT 1"))
            .Should().ThrowAsync<InvalidOperationException>().WithMessage("*disposed*");
    }

    [Test]
    public async Task A_second_writer_waits_for_the_first_and_times_out_with_a_transient_error()
    {
        var scope = NewScope();
        await using var holder = await Factory.BeginAsync();
        await holder.ExecuteAsync(InsertEntrySql, new { Scope = scope, BatchRef = "held" });

        // On PostgreSQL the second writer waits for the row lock on the same key; on SQLite for the write lock.
        var contender = () => Factory.RunAsync(
            (unitOfWork, cancellationToken) => unitOfWork.ExecuteAsync(
                InsertEntrySql, new { Scope = scope, BatchRef = "held" }, cancellationToken),
            TransientRetryPolicy.None,
            lockTimeout: TimeSpan.FromMilliseconds(300));

        var error = (await contender.Should().ThrowAsync<LedgerDataException>()).Which;
        error.IsTransient.Should().BeTrue();
        error.Should().BeOfType(Provider == DatabaseProvider.Postgres
            ? typeof(LockTimeoutException)
            : typeof(DatabaseBusyException));

        await holder.CommitAsync();
        (await Database.CountAsync("operation_ledger", scope)).Should().Be(1);
    }

    [Test]
    public async Task RunAsync_runs_the_whole_unit_again_after_a_transient_failure()
    {
        var scope = NewScope();
        var attempts = 0;

        var registration = await Factory.RunAsync(async (unitOfWork, cancellationToken) =>
        {
            var ledger = new OperationLedgerRepository(unitOfWork);
            var entry = await ledger.RegisterAsync(scope, $"attempt-{++attempts}", "checkout", cancellationToken);
            if (attempts < 3)
            {
                throw new SerializationFailureException(isDeadlock: true, innerException: null);
            }

            return entry;
        });

        attempts.Should().Be(3);
        registration.Created.Should().BeTrue();
        var batchRefs = await Factory.RunAsync((unitOfWork, cancellationToken) =>
            new OperationLedgerRepository(unitOfWork).ListAsync(scope, cancellationToken: cancellationToken));
        batchRefs.Select(entry => entry.BatchRef).Should().Equal("attempt-3");
    }

    [Test]
    public async Task RunAsync_gives_up_after_the_policys_attempts_and_never_retries_a_permanent_error()
    {
        var transientAttempts = 0;
        var permanentAttempts = 0;
        var policy = new TransientRetryPolicy { MaxAttempts = 2, BaseDelay = TimeSpan.Zero };

        var transient = () => Factory.RunAsync<int>(
            (_, _) => throw new LockTimeoutException(innerException: null) { Data = { ["n"] = ++transientAttempts } },
            policy);
        var permanent = () => Factory.RunAsync<int>(
            (_, _) => throw new UniqueViolationException("k", null) { Data = { ["n"] = ++permanentAttempts } },
            policy);

        await transient.Should().ThrowAsync<LockTimeoutException>();
        await permanent.Should().ThrowAsync<UniqueViolationException>();
        transientAttempts.Should().Be(2);
        permanentAttempts.Should().Be(1);
    }

    [Test]
    public async Task Begin_refuses_a_lock_timeout_out_of_range_before_opening_a_connection()
    {
        await FluentActions.Awaiting(() => Factory.BeginAsync(TimeSpan.Zero))
            .Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("lockTimeout");
        await FluentActions.Awaiting(() => Factory.BeginAsync(TimeSpan.FromHours(1)))
            .Should().ThrowAsync<ArgumentOutOfRangeException>().WithParameterName("lockTimeout");
    }

    [Test]
    public async Task A_reader_reads_the_last_committed_state_while_a_writer_holds_its_lock()
    {
        var scope = NewScope();
        await Factory.RunAsync((unitOfWork, token) =>
            unitOfWork.ExecuteAsync(InsertEntrySql, new { Scope = scope, BatchRef = "committed" }, token));
        await using var writer = await Factory.BeginAsync();
        await writer.ExecuteAsync(InsertEntrySql, new { Scope = scope, BatchRef = "uncommitted" });

        var batchRefs = await Factory.ReadAsync(
            (unitOfWork, token) => unitOfWork.QueryAsync<string>(
                "SELECT batch_ref FROM operation_ledger WHERE scope = @Scope", new { Scope = scope }, token),
            TransientRetryPolicy.None);

        batchRefs.Should().Equal("committed");
    }

    [Test]
    public async Task PostgreSQL_refuses_a_write_in_a_read_only_unit_of_work()
    {
        if (Provider != DatabaseProvider.Postgres)
        {
            Assert.Pass("SQLite does not hold a read-only unit of work to reading; the README says so.");
        }

        var scope = NewScope();
        var write = () => Factory.ReadAsync(
            (unitOfWork, token) => unitOfWork.ExecuteAsync(
                InsertEntrySql, new { Scope = scope, BatchRef = "refused" }, token),
            TransientRetryPolicy.None);

        await write.Should().ThrowAsync<System.Data.Common.DbException>();
        (await Database.CountAsync("operation_ledger", scope)).Should().Be(0);
    }
}
