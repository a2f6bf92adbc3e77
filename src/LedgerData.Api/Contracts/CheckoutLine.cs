namespace LedgerData.Api.Contracts;

/// <summary>One line of a checkout: a SKU and how many of it.</summary>
/// <param name="Sku">The stock-keeping unit.</param>
/// <param name="Quantity">How many; at least 1.</param>
internal sealed record CheckoutLine(string Sku, int Quantity);
