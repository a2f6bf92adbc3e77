namespace LedgerData.Benchmarks.EfCore;

/// <summary>A row of reservations as EF Core maps it; the database hands out <see cref="ReservationId"/>.</summary>
internal sealed class ReservationRow
{
    public required string Scope { get; set; }

    public long ReservationId { get; set; }

    public Guid AttemptId { get; set; }

    public required string Sku { get; set; }

    public int Quantity { get; set; }

    public DateTime ReservedAt { get; set; }
}
