using System.Data.Common;
using LedgerData.Checkout;
using LedgerData.Tests.Infrastructure;
using LedgerData.Transactions;

namespace LedgerData.Tests.Checkout;

public sealed class CheckoutStateMachineTests(DatabaseProvider provider) : CheckoutFixture(provider)
{
    [TestCase(ProcessingState.Fulfilled, ProcessingState.Processing)]
    [TestCase(ProcessingState.Fulfilled, ProcessingState.Failed)]
    [TestCase(ProcessingState.Pending, ProcessingState.Fulfilled)]
    [TestCase(ProcessingState.Processing, ProcessingState.Pending)]
    public async Task The_code_refuses_an_illegal_transition_before_any_sql(ProcessingState from, ProcessingState to)
    {
        await using var unitOfWork = await Factory.BeginAsync();
        var attempts = new CheckoutAttemptRepository(unitOfWork);
        await unitOfWork.CommitAsync();

        var move = () => attempts.TransitionAsync(NewScope(), Guid.NewGuid(), from, to, "{}", DateTimeOffset.UtcNow);

        await move.Should().ThrowAsync<InvalidOperationException>().WithMessage($"*cannot move from {from} to {to}*");
    }

    [Test]
    public async Task A_transition_from_a_state_the_attempt_is_no_longer_in_is_an_error_not_a_no_op()
    {
        var (scope, attemptId) = await CompletedAttemptAsync();

        var direct = async () =>
        {
            await using var unitOfWork = await Factory.BeginAsync();
            await new CheckoutAttemptRepository(unitOfWork).TransitionAsync(
                scope, attemptId, ProcessingState.Processing, ProcessingState.Failed, "{}", DateTimeOffset.UtcNow);
        };

        await direct.Should().ThrowAsync<InvalidOperationException>().WithMessage("*no longer Processing*");
        (await Database.ScalarAsync(
                "SELECT processing_state FROM checkout_attempts WHERE scope = @scope", ("scope", scope)))
            .Should().Be("fulfilled");
    }

    [TestCase("UPDATE checkout_attempts SET processing_state = 'failed' WHERE scope = @Scope")]
    [TestCase(
        "UPDATE checkout_attempts SET processing_state = 'processing', result_payload = NULL WHERE scope = @Scope")]
    [TestCase("UPDATE checkout_attempts SET result_payload = '{}' WHERE scope = @Scope")]
    [TestCase("UPDATE checkout_attempts SET request_fingerprint = client_request_hash WHERE scope = @Scope")]
    [TestCase("UPDATE checkout_attempts SET processing_state = 'done' WHERE scope = @Scope")]
    public async Task The_database_refuses_any_change_to_a_fulfilled_attempt_from_any_writer(string sql)
    {
        var (scope, _) = await CompletedAttemptAsync();
        var before = await Database.ScalarAsync(
            "SELECT result_payload FROM checkout_attempts WHERE scope = @scope", ("scope", scope));

        var tamper = async () =>
        {
            await using var connection = Database.OpenRaw();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql.Replace("@Scope", "'" + scope + "'", StringComparison.Ordinal);
            await command.ExecuteNonQueryAsync();
        };

        await tamper.Should().ThrowAsync<DbException>();
        (await Database.ScalarAsync(
                "SELECT result_payload FROM checkout_attempts WHERE scope = @scope", ("scope", scope)))
            .Should().Be(before);
    }

    [Test]
    public async Task The_database_refuses_an_unknown_state_and_a_finished_attempt_without_a_result()
    {
        var (scope, _) = await CompletedAttemptAsync();
        var insert = async (string state, string? payload) =>
        {
            await using var unitOfWork = await Factory.BeginAsync();
            await unitOfWork.ExecuteAsync(
                """
                INSERT INTO checkout_attempts (scope, attempt_id, client_request_hash, request_fingerprint,
                    processing_state, result_payload, created_at, updated_at, expires_at)
                SELECT scope, @Id, @Hash, request_fingerprint, @State, @Payload, created_at, updated_at, expires_at
                FROM checkout_attempts WHERE scope = @Scope
                """,
                new
                {
                    Scope = scope,
                    Id = Provider == DatabaseProvider.Postgres ? (object)Guid.NewGuid() : Guid.NewGuid().ToString(),
                    Hash = new string('a', 64),
                    State = state,
                    Payload = payload,
                });
        };

        await FluentActions.Awaiting(() => insert("done", "{}")).Should().ThrowAsync<DbException>();
        await FluentActions.Awaiting(() => insert("fulfilled", null)).Should().ThrowAsync<DbException>();
        (await Database.CountAsync("checkout_attempts", scope)).Should().Be(1);
    }

    private async Task<(string Scope, Guid AttemptId)> CompletedAttemptAsync()
    {
        var scope = NewScope();
        await StockAsync(scope, "apple", 5);
        var outcome = await NewProcessor().ProcessAsync(Order(scope, "key-1", "order-1", ("apple", 1)));
        outcome.Kind.Should().Be(CheckoutOutcomeKind.Completed);
        return (scope, outcome.AttemptId!.Value);
    }
}
