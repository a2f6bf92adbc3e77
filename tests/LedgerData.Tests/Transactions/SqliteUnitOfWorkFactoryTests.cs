using LedgerData.Transactions;

namespace LedgerData.Tests.Transactions;

public sealed class SqliteUnitOfWorkFactoryTests
{
    [TestCase("Data Source=:memory:")]
    [TestCase("Data Source=")]
    [TestCase("Data Source=ledger;Mode=Memory;Cache=Shared")]
    [TestCase("Data Source=file::memory:?cache=shared")]
    [TestCase("Data Source=file:ledger?mode=memory&cache=shared")]
    public void An_in_memory_or_temporary_database_is_refused_with_a_message_that_says_why(string connectionString)
    {
        var create = () => new SqliteUnitOfWorkFactory(connectionString);

        create.Should().Throw<ArgumentException>()
            .WithParameterName(nameof(connectionString))
            .WithMessage("SqliteUnitOfWorkFactory needs a database file*would not see each other's writes*" +
                "Data Source=ledger.db*");
    }

    [Test]
    public async Task A_database_file_is_accepted_and_units_of_work_see_each_others_writes()
    {
        var folder = Directory.CreateTempSubdirectory("ledgerdata-").FullName;
        try
        {
            var factory = new SqliteUnitOfWorkFactory($"Data Source={Path.Combine(folder, "ledger.db")}");
            await using (var writer = await factory.BeginAsync())
            {
                await writer.ExecuteAsync("CREATE TABLE seen (id INTEGER)");
                await writer.ExecuteAsync("INSERT INTO seen (id) VALUES (1)");
                await writer.CommitAsync();
            }

            await using var reader = await factory.BeginAsync();
            (await reader.QueryAsync<long>("SELECT id FROM seen")).Should().Equal(1L);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
