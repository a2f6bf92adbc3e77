namespace LedgerData.Api.Contracts;

/// <summary>The stock of one SKU of the calling client.</summary>
/// <param name="Sku">The stock-keeping unit.</param>
/// <param name="Available">How many can be reserved.</param>
internal sealed record InventoryLevel(string Sku, int Available);
