namespace LedgerData.Inventory;

/// <summary>The answer to a reservation: made, or refused for the first line that could not be served.</summary>
/// <param name="Reserved">True when every line was reserved.</param>
/// <param name="Reason">For a refusal: <c>unknown-sku</c> or <c>insufficient-stock</c>.</param>
/// <param name="Sku">For a refusal: the SKU that could not be served.</param>
/// <param name="Requested">For a refusal: how many of it the order asked for.</param>
/// <param name="Available">For a refusal: how many were available (0 for an unknown SKU).</param>
public sealed record ReservationResult(bool Reserved, string? Reason, string? Sku, int Requested, int Available)
{
    /// <summary>The reason code of an order line naming a SKU the scope does not stock.</summary>
    public const string UnknownSku = "unknown-sku";

    /// <summary>The reason code of an order line asking for more than is available.</summary>
    public const string InsufficientStock = "insufficient-stock";

    internal static ReservationResult Success { get; } = new(true, null, null, 0, 0);
}
