using LedgerData.Transactions;

namespace LedgerData.Inventory;

/// <summary>Stock per scope and SKU, and reservations against it, inside the caller's unit of work.</summary>
public sealed class InventoryRepository
{
    /// <summary>Creates the repository over the unit of work that all its statements run in.</summary>
    public InventoryRepository(IUnitOfWork unitOfWork) => throw new NotImplementedException();

    /// <summary>Sets the available quantity of a SKU, creating the SKU when it is new (an upsert).</summary>
    public Task SetAvailableAsync(string scope, string sku, int available, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    /// <summary>Returns the available quantity of a SKU, or null when the scope does not stock it.</summary>
    public Task<int?> GetAvailableAsync(string scope, string sku, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    /// <summary>
    /// Locks the order's SKU rows in one fixed order, checks that every line can be served, and then decrements
    /// the stock and records one reservation per line for the attempt; a refusal writes nothing.
    /// </summary>
    public Task<ReservationResult> ReserveAsync(
        string scope, Guid attemptId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();
}
