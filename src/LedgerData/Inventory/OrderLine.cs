namespace LedgerData.Inventory;

/// <summary>One line of an order: a SKU and how many of it.</summary>
/// <param name="Sku">The stock-keeping unit.</param>
/// <param name="Quantity">How many; at least 1.</param>
public sealed record OrderLine(string Sku, int Quantity);
