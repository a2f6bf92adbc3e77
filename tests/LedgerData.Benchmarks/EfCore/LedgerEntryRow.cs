namespace LedgerData.Benchmarks.EfCore;

/// <summary>A row of operation_ledger as EF Core maps it; the database hands out <see cref="EntryId"/>.</summary>
internal sealed class LedgerEntryRow
{
    public required string Scope { get; set; }

    public long EntryId { get; set; }

    public required string BatchRef { get; set; }

    public required string ActionType { get; set; }

    public DateTime RecordedAt { get; set; }
}
