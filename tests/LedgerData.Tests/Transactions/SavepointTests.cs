using LedgerData.Tests.Infrastructure;
using LedgerData.Transactions;

namespace LedgerData.Tests.Transactions;

public sealed class SavepointTests(DatabaseProvider provider) : DatabaseFixture(provider)
{
    private const string InsertEntrySql = TestSql.InsertLedgerEntry;

    [Test]
    public async Task Rolling_back_to_a_savepoint_undoes_only_what_came_after_it()
    {
        var scope = NewScope();
        await using (var unitOfWork = await Factory.BeginAsync())
        {
            await unitOfWork.ExecuteAsync(InsertEntrySql, new { Scope = scope, BatchRef = "kept" });
            await unitOfWork.SavepointAsync("before_b");
            await unitOfWork.ExecuteAsync(InsertEntrySql, new { Scope = scope, BatchRef = "undone" });
            await unitOfWork.RollbackToSavepointAsync("before_b");
            await unitOfWork.CommitAsync();
        }

        (await Database.ScalarAsync("SELECT batch_ref FROM operation_ledger WHERE scope = @scope", ("scope", scope)))
            .Should().Be("kept");
        (await Database.CountAsync("operation_ledger", scope)).Should().Be(1);
    }

    [TestCase("")]
    [TestCase("1abc")]
    [TestCase("a; DROP TABLE operation_ledger")]
    [TestCase("name-with-dash")]
    public async Task A_savepoint_name_that_is_no_identifier_is_refused(string name)
    {
        await using var unitOfWork = await Factory.BeginAsync();

        await FluentActions.Awaiting(() => unitOfWork.SavepointAsync(name)).Should().ThrowAsync<ArgumentException>();
    }

    [Test]
    public async Task The_lock_timeout_survives_a_first_statement_refused_on_the_client()
    {
        if (Provider != DatabaseProvider.Postgres)
        {
            Assert.Pass("SQLite sets its busy timeout before BEGIN, not with the first statement.");
        }

        await using var unitOfWork = await Factory.BeginAsync(TimeSpan.FromMilliseconds(1234));

        // Dapper refuses a parameter of a type it cannot send before anything reaches the server.
        var refused = () => unitOfWork.ExecuteAsync("SELECT @Value", new { Value = TimeZoneInfo.Utc });
        await refused.Should().ThrowAsync<NotSupportedException>();

        (await unitOfWork.QuerySingleOrDefaultAsync<string>("SHOW lock_timeout")).Should().Be("1234ms");
    }
}
