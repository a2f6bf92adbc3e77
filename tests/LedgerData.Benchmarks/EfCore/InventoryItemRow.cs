namespace LedgerData.Benchmarks.EfCore;

/// <summary>A row of inventory_items as EF Core maps it, with PostgreSQL's xmin as its concurrency token.</summary>
internal sealed class InventoryItemRow
{
    public required string Scope { get; set; }

    public required string Sku { get; set; }

    public int Available { get; set; }

    public DateTime UpdatedAt { get; set; }

    public uint Version { get; set; }
}
