namespace LedgerData.Ledger;

/// <summary>One recorded operation: what was done, under which batch reference, for which scope, and when.</summary>
/// <param name="EntryId">The ledger's id for the entry, increasing in the order entries were recorded.</param>
/// <param name="Scope">The client the entry belongs to.</param>
/// <param name="BatchRef">The caller's reference, unique within the scope.</param>
/// <param name="ActionType">What kind of operation was recorded.</param>
/// <param name="RecordedAt">When the entry was recorded, as a UTC instant.</param>
public sealed record LedgerEntry(
    long EntryId, string Scope, string BatchRef, string ActionType, DateTimeOffset RecordedAt);
