namespace LedgerData.Api.Contracts;

/// <summary>A fulfilled checkout as stored and replayed, as the OpenAPI document describes it.</summary>
/// <param name="AttemptId">The attempt that ran it; <c>GET /checkouts/{attemptId}</c> reads it back.</param>
/// <param name="State">Always <c>fulfilled</c> here.</param>
/// <param name="OrderId">The client's order id.</param>
/// <param name="Items">What was reserved.</param>
/// <param name="LedgerEntryId">The operation-ledger entry that records the checkout.</param>
internal sealed record CheckoutResult(
    Guid AttemptId, string State, string OrderId, IReadOnlyList<CheckoutLine> Items, long LedgerEntryId);
