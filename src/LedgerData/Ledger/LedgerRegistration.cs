namespace LedgerData.Ledger;

/// <summary>The answer to registering a batch reference.</summary>
/// <param name="EntryId">The id of the entry that holds the batch reference, new or existing.</param>
/// <param name="Created">True when this call recorded the entry; false when it was already there.</param>
public readonly record struct LedgerRegistration(long EntryId, bool Created);
