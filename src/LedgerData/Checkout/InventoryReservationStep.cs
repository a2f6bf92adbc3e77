using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LedgerData.Inventory;
using LedgerData.Validation;

namespace LedgerData.Checkout;

/// <summary>
/// The default checkout step: reserves stock for the order in the payload,
/// <c>{ "orderId": "...", "items": [ { "sku": "...", "quantity": 1 } ] }</c>, or refuses it with
/// <c>unknown-sku</c> or <c>insufficient-stock</c> without changing any stock.
/// </summary>
public sealed class InventoryReservationStep(TimeProvider? timeProvider = null) : ICheckoutStep
{
    /// <summary>The longest order id accepted.</summary>
    public const int OrderIdMaxLength = 100;

    private const string PayloadName = nameof(CheckoutStepContext.Payload);

    /// <inheritdoc/>
    public void Validate(JsonElement payload) => Parse(payload);

    /// <inheritdoc/>
    public async Task<CheckoutStepResult> ExecuteAsync(CheckoutStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (orderId, lines) = Parse(context.Payload);

        var inventory = new InventoryRepository(context.UnitOfWork, timeProvider);
        var reservation = await inventory.ReserveAsync(context.Scope, context.AttemptId, lines, cancellationToken)
            .ConfigureAwait(false);

        if (!reservation.Reserved)
        {
            var detail = reservation.Reason == ReservationResult.UnknownSku
                ? $"SKU '{reservation.Sku}' is not stocked."
                : string.Create(
                    CultureInfo.InvariantCulture,
                    $"The order asks for {reservation.Requested} of SKU '{reservation.Sku}'; " +
                    $"{reservation.Available} are available.");
            return CheckoutStepResult.Rejected(
                reservation.Reason!, detail, new JsonObject { ["orderId"] = orderId, ["sku"] = reservation.Sku });
        }

        var items = new JsonArray();
        foreach (var (sku, quantity) in InventoryRepository.Merge(lines))
        {
            items.Add(new JsonObject { ["sku"] = sku, ["quantity"] = quantity });
        }

        return CheckoutStepResult.Success(new JsonObject { ["orderId"] = orderId, ["items"] = items });
    }

    /// <summary>Reads the order from the payload, refusing anything but the documented shape.</summary>
    private static (string OrderId, OrderLine[] Lines) Parse(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw Require.Invalid(PayloadName, "The payload must be a JSON object with orderId and items.");
        }

        var orderId = payload.TryGetProperty("orderId", out var id) && id.ValueKind == JsonValueKind.String
            ? Require.Text(id.GetString(), "orderId", OrderIdMaxLength)
            : throw Require.Invalid(PayloadName, "orderId must be a string.");

        if (!payload.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw Require.Invalid(PayloadName, "items must be an array of { sku, quantity }.");
        }

        if (items.GetArrayLength() is 0 or > InventoryRepository.MaxLines)
        {
            throw Require.Invalid(
                PayloadName,
                $"items must hold 1 to {InventoryRepository.MaxLines} lines; it has {items.GetArrayLength()}.");
        }

        var lines = new List<OrderLine>(items.GetArrayLength());
        foreach (var item in items.EnumerateArray())
        {
            var index = lines.Count;
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("sku", out var sku) || sku.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("quantity", out var quantity) || quantity.ValueKind != JsonValueKind.Number)
            {
                throw Require.Invalid(
                    PayloadName, $"items[{index}] must be an object with a string sku and a number quantity.");
            }

            // 2, 2.0 and 20e-1 are one number, as the request fingerprint treats them; 2.5 is no quantity.
            if (!quantity.TryGetDecimal(out var count) || count != decimal.Truncate(count))
            {
                throw Require.Invalid(PayloadName, $"items[{index}].quantity must be a whole number.");
            }

            if (count is < 1 or > InventoryRepository.MaxQuantity)
            {
                throw Require.Invalid(
                    PayloadName,
                    $"items[{index}].quantity must be 1 to {InventoryRepository.MaxQuantity}; it is {count}.");
            }

            var skuText = Require.Text(sku.GetString(), $"items[{index}].sku", InventoryRepository.SkuMaxLength);
            lines.Add(new OrderLine(skuText, (int)count));
        }

        InventoryRepository.Merge(lines);
        return (orderId, lines.ToArray());
    }
}
