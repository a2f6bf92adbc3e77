using LedgerData.Transactions;

namespace LedgerData.Tests.Infrastructure;

/// <summary>
/// Base of every fixture whose behaviour must hold on both databases: NUnit instantiates each subclass once per
/// provider, and each instance gets a migrated database of its own. Tests share it, so each test works in a
/// scope of its own and never depends on another's rows.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public abstract class DatabaseFixture(DatabaseProvider provider)
{
    private TestDatabase? database;

    protected DatabaseProvider Provider { get; } = provider;

    internal TestDatabase Database => database ?? throw new InvalidOperationException("The fixture has not started.");

    protected IUnitOfWorkFactory Factory => Database.Factory;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => database = await TestDatabase.CreateMigratedAsync(Provider);

    [OneTimeTearDown]
    public async Task DropDatabaseAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>A scope no other test uses.</summary>
    protected static string NewScope() => "client-" + Guid.NewGuid().ToString("N")[..12];
}
