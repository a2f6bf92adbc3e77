using LedgerData.Checkout;
using LedgerData.Errors;
using LedgerData.Tests.Infrastructure;
using LedgerData.Transactions;
using Npgsql;

namespace LedgerData.Tests.Checkout;

/// <summary>
/// The server ends the checkout's session in the middle of its transaction, as a failover or an administrator
/// would: nothing partial may be left, and running the checkout again must execute it once.
/// </summary>
[TestFixture(DatabaseProvider.Postgres)]
public sealed class ConnectionLossTests(DatabaseProvider provider) : CheckoutFixture(provider)
{
    [Test]
    public async Task A_killed_connection_leaves_nothing_partial_and_a_retry_completes_once()
    {
        var scope = NewScope();
        await StockAsync(scope, "apple", 10);
        var step = new KillOwnSessionOnceStep(new InventoryReservationStep(), Database.ConnectionString);
        var processor = NewProcessor(new CheckoutOptions { TransientRetry = TransientRetryPolicy.None }, step);
        var request = Order(scope, "key-1", "order-1", ("apple", 3));

        var killed = () => processor.ProcessAsync(request);

        (await killed.Should().ThrowAsync<ConnectionLostException>()).Which.IsTransient.Should().BeTrue();
        (await Database.CountAsync("checkout_attempts", scope)).Should().Be(0);
        (await Database.CountAsync("reservations", scope)).Should().Be(0);
        (await AvailableAsync(scope, "apple")).Should().Be(10);

        var retry = await processor.ProcessAsync(request);

        retry.Kind.Should().Be(CheckoutOutcomeKind.Completed);
        (await AvailableAsync(scope, "apple")).Should().Be(7);
        (await Database.CountAsync("operation_ledger", scope)).Should().Be(1);
    }

    [Test]
    public async Task The_processor_runs_the_checkout_again_by_itself_after_losing_its_connection()
    {
        var scope = NewScope();
        await StockAsync(scope, "apple", 10);
        var step = new KillOwnSessionOnceStep(new InventoryReservationStep(), Database.ConnectionString);
        var processor = NewProcessor(step: step);

        var outcome = await processor.ProcessAsync(Order(scope, "key-1", "order-1", ("apple", 3)));

        outcome.Kind.Should().Be(CheckoutOutcomeKind.Completed);
        step.Kills.Should().Be(1);
        (await AvailableAsync(scope, "apple")).Should().Be(7);
        (await Database.CountAsync("reservations", scope)).Should().Be(1);
        (await Database.CountAsync("operation_ledger", scope)).Should().Be(1);
    }

    /// <summary>
    /// Reserves the stock, then has a second connection terminate this session's backend with
    /// pg_terminate_backend, once; the processor's next statement then finds the connection gone.
    /// </summary>
    private sealed class KillOwnSessionOnceStep(ICheckoutStep inner, string connectionString) : ICheckoutStep
    {
        public int Kills { get; private set; }

        public void Validate(System.Text.Json.JsonElement payload) => inner.Validate(payload);

        public async Task<CheckoutStepResult> ExecuteAsync(
            CheckoutStepContext context, CancellationToken cancellationToken)
        {
            var result = await inner.ExecuteAsync(context, cancellationToken);
            if (Kills == 0)
            {
                Kills++;
                var pid = await context.UnitOfWork.QuerySingleOrDefaultAsync<int>(
                    "SELECT pg_backend_pid()", cancellationToken: cancellationToken);
                await using var admin = new NpgsqlConnection(connectionString);
                await admin.OpenAsync(cancellationToken);
                await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid, 10000)", admin);
                kill.Parameters.AddWithValue("pid", pid);
                (await kill.ExecuteScalarAsync(cancellationToken)).Should().Be(true);
            }

            return result;
        }
    }
}
