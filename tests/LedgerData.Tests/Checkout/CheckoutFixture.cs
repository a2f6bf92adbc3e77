using System.Globalization;
using System.Text.Json;
using LedgerData.Checkout;
using LedgerData.Inventory;
using LedgerData.Tests.Infrastructure;
using LedgerData.Transactions;

namespace LedgerData.Tests.Checkout;

/// <summary>What checkout tests share: stocking SKUs, building requests, and reading invariants back.</summary>
public abstract class CheckoutFixture(DatabaseProvider provider) : DatabaseFixture(provider)
{
    protected CheckoutProcessor NewProcessor(CheckoutOptions? options = null, ICheckoutStep? step = null,
        TimeProvider? timeProvider = null)
        => new(Factory, options, step, timeProvider);

    protected Task StockAsync(string scope, string sku, int available)
        => Factory.RunAsync((unitOfWork, cancellationToken) =>
            new InventoryRepository(unitOfWork).SetAvailableAsync(scope, sku, available, cancellationToken)
                .ContinueWith(_ => 0, TaskScheduler.Default));

    protected static CheckoutRequest Order(
        string scope, string key, string orderId, params (string Sku, int Quantity)[] lines)
    {
        var items = string.Join(",", lines.Select(line => string.Create(CultureInfo.InvariantCulture,
            $$"""{"sku":"{{line.Sku}}","quantity":{{line.Quantity}}}""")));
        return Request(scope, key, $$"""{"orderId":"{{orderId}}","items":[{{items}}]}""");
    }

    protected static CheckoutRequest Request(string scope, string key, string json)
    {
        using var document = JsonDocument.Parse(json);
        return new CheckoutRequest(scope, key, document.RootElement.Clone());
    }

    protected async Task<long> AvailableAsync(string scope, string sku)
        => Convert.ToInt64(await Database.ScalarAsync(
            "SELECT available FROM inventory_items WHERE scope = @scope AND sku = @sku",
            ("scope", scope),
            ("sku", sku)));

    protected async Task<long> ReservedAsync(string scope, string sku)
        => Convert.ToInt64(await Database.ScalarAsync(
            "SELECT coalesce(sum(quantity), 0) FROM reservations WHERE scope = @scope AND sku = @sku",
            ("scope", scope), ("sku", sku)));
}
