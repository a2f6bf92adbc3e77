namespace LedgerData.Benchmarks;

/// <summary>The scenario names that results.json uses.</summary>
internal static class Scenarios
{
    /// <summary>
    /// Distinct keys, a SKU of its own per worker with ample stock: no two checkouts wait for each other.
    /// </summary>
    public const string Fresh = "fresh";

    /// <summary>Keys that finished earlier, sent again with the same payload.</summary>
    public const string Replay = "replay";

    /// <summary>Every worker buys the same hot SKU: all checkouts queue on one row lock.</summary>
    public const string Contention = "contention";

    /// <summary>Every key is sent twice at about the same moment, as a client retry racing its original does.</summary>
    public const string DuplicateDelivery = "duplicate-delivery";

    public const string Postgres = "postgresql";
    public const string Sqlite = "sqlite";
}
