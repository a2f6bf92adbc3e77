namespace LedgerData.Api.Contracts;

/// <summary>The body of <c>POST /checkouts</c>, as the OpenAPI document describes it.</summary>
/// <param name="OrderId">The client's order id.</param>
/// <param name="Items">What to reserve; at least one line.</param>
internal sealed record CheckoutBody(string OrderId, IReadOnlyList<CheckoutLine> Items);
