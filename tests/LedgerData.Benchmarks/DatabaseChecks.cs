using System.Data.Common;
using Dapper;

namespace LedgerData.Benchmarks;

/// <summary>Reads back, after a cell, what the database holds: duplicate executions and stock.</summary>
internal static class DatabaseChecks
{
    // One reservation per order line and one line per order: every reservation beyond the fulfilled attempts that
    // own a key is the business step run again for a key that had already run it.
    private const string DuplicatesSql = """
        SELECT
            (SELECT count(*) FROM reservations WHERE scope = @Scope)
            - (SELECT count(*) FROM checkout_attempts WHERE scope = @Scope AND processing_state = 'fulfilled')
        """;

    private const string FulfilledSql = """
        SELECT count(*) FROM checkout_attempts WHERE scope = @Scope AND processing_state = 'fulfilled'
        """;

    private const string AvailableSql = """
        SELECT available FROM inventory_items WHERE scope = @Scope AND sku = @Sku
        """;

    public static async Task<long> DuplicateExecutionsAsync(DbConnection connection, string scope)
        => await connection.ExecuteScalarAsync<long>(DuplicatesSql, new { Scope = scope });

    public static async Task<long> FulfilledAsync(DbConnection connection, string scope)
        => await connection.ExecuteScalarAsync<long>(FulfilledSql, new { Scope = scope });

    public static async Task<long> AvailableAsync(DbConnection connection, string scope, string sku)
        => await connection.ExecuteScalarAsync<long>(AvailableSql, new { Scope = scope, Sku = sku });
}
