using System.Text.Json;
using LedgerData.Inventory;

namespace LedgerData.Benchmarks.Clients;

/// <summary>
/// Reads the order lines of the default step's payload, for the implementations that are not LedgerData.
/// </summary>
internal static class OrderLines
{
    public static IReadOnlyList<OrderLine> Read(JsonElement payload)
    {
        var items = payload.GetProperty("items");
        var lines = new List<OrderLine>(items.GetArrayLength());
        foreach (var item in items.EnumerateArray())
        {
            lines.Add(new OrderLine(item.GetProperty("sku").GetString()!, item.GetProperty("quantity").GetInt32()));
        }

        return lines;
    }
}
