using LedgerData.Inventory;
using LedgerData.Transactions;

namespace LedgerData.Api.Hosting;

/// <summary>The SKUs a fresh database stocks for every client, so that the README's walk-through just works.</summary>
internal static class DemoData
{
    /// <summary>The demo SKUs and their stock; the last is scarce so that a refusal is easy to see.</summary>
    public static readonly IReadOnlyList<(string Sku, int Available)> Skus =
    [
        ("TEA-GREEN", 100),
        ("TEA-BLACK", 25),
        ("MUG-CLASSIC", 2),
    ];

    /// <summary>Stocks every demo SKU a scope does not stock yet, and returns how many it stocked.</summary>
    public static Task<int> SeedAsync(
        IUnitOfWorkFactory factory, IEnumerable<string> scopes, CancellationToken cancellationToken)
        => factory.RunAsync(
            async (unitOfWork, token) =>
            {
                var inventory = new InventoryRepository(unitOfWork);
                var stocked = 0;
                foreach (var scope in scopes)
                {
                    foreach (var (sku, available) in Skus)
                    {
                        // Only what is missing: stock that a client has set or sold is never reset.
                        if (await inventory.GetAvailableAsync(scope, sku, token).ConfigureAwait(false) is null)
                        {
                            await inventory.SetAvailableAsync(scope, sku, available, token).ConfigureAwait(false);
                            stocked++;
                        }
                    }
                }

                return stocked;
            },
            cancellationToken: cancellationToken);
}
