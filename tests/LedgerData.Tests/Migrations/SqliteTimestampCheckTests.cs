using LedgerData.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LedgerData.Tests.Migrations;

/// <summary>
/// SQLite stores instants as fixed-width UTC text so that text order is time order; the schema's CHECKs refuse
/// any other shape and any date that does not exist, from whichever writer.
/// </summary>
public sealed class SqliteTimestampCheckTests
{
    private TestDatabase? database;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync()
        => database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);

    [OneTimeTearDown]
    public async Task DropDatabaseAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [TestCase("2026-12-03T16:29:50.123Z")]
    [TestCase("2024-02-29T23:59:59.999Z")]
    [TestCase("2026-01-01T00:00:00.000Z")]
    public async Task A_UTC_instant_with_milliseconds_is_accepted(string recordedAt)
    {
        await InsertAsync(recordedAt);

        (await database!.ScalarAsync(
                "SELECT count(*) FROM operation_ledger WHERE recorded_at = @recordedAt", ("recordedAt", recordedAt)))
            .Should().Be(1L);
    }

    [TestCase("2026-13-03T16:29:50.123Z", TestName = "Month 13")]
    [TestCase("2026-02-30T16:29:50.123Z", TestName = "30 February")]
    [TestCase("2026-12-03T24:00:00.000Z", TestName = "Hour 24")]
    [TestCase("2026-12-03 16:29:50", TestName = "Space and no milliseconds")]
    [TestCase("2026-12-03T16:29:50.123+01:00", TestName = "Another zone")]
    [TestCase("2026-12-03T16:29:50.12Z", TestName = "Two decimals")]
    [TestCase("not a time", TestName = "Not a time")]
    public async Task Any_other_text_is_refused_by_the_database(string recordedAt)
    {
        var insert = () => InsertAsync(recordedAt);

        (await insert.Should().ThrowAsync<SqliteException>()).WithMessage("*CHECK constraint failed*recorded_at*");
    }

    private async Task InsertAsync(string recordedAt) => await database!.ScalarAsync(
        """
        INSERT INTO operation_ledger (scope, batch_ref, action_type, recorded_at)
        VALUES ('timestamps', @batchRef, 'test', @recordedAt)
        """,
        ("batchRef", Guid.NewGuid().ToString("N")),
        ("recordedAt", recordedAt));
}
