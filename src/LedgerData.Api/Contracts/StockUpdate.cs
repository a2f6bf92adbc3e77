namespace LedgerData.Api.Contracts;

/// <summary>The body of <c>PUT /inventory/{sku}</c>, as the OpenAPI document describes it.</summary>
/// <param name="Available">The new available quantity; zero or more.</param>
internal sealed record StockUpdate(int Available);
