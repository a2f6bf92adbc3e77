using System.Text.Json;
using LedgerData.Checkout;

namespace LedgerData.Benchmarks;

/// <summary>Builds the requests every implementation receives: the default step's order of one SKU line.</summary>
internal static class CheckoutPayloads
{
    public static CheckoutRequest Request(string scope, string key, string sku, int quantity = 1)
        => new(scope, key, Payload(key, sku, quantity));

    public static JsonElement Payload(string orderId, string sku, int quantity)
    {
        var json = $$"""{"orderId":"{{orderId}}","items":[{"sku":"{{sku}}","quantity":{{quantity}}}]}""";
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The SKU a fresh-checkout worker buys: one per worker, so workers never wait for each other.</summary>
    public static string WorkerSku(int worker) => "sku-" + worker;
}
