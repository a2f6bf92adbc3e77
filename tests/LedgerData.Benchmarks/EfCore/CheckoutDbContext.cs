using Microsoft.EntityFrameworkCore;

namespace LedgerData.Benchmarks.EfCore;

/// <summary>
/// EF Core's view of the tables that LedgerData's migration scripts create. EF never creates or migrates this
/// schema: the mapping names the scripts' tables, columns and keys, and the scripts' constraints do the rest.
/// </summary>
internal sealed class CheckoutDbContext(DbContextOptions<CheckoutDbContext> options) : DbContext(options)
{
    public DbSet<AttemptRow> Attempts => Set<AttemptRow>();

    public DbSet<LedgerEntryRow> LedgerEntries => Set<LedgerEntryRow>();

    public DbSet<InventoryItemRow> InventoryItems => Set<InventoryItemRow>();

    public DbSet<ReservationRow> Reservations => Set<ReservationRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AttemptRow>(attempt =>
        {
            attempt.ToTable("checkout_attempts");
            attempt.HasKey(row => new { row.Scope, row.AttemptId });
            attempt.HasIndex(row => new { row.Scope, row.ClientRequestHash }).IsUnique();
            attempt.Property(row => row.Scope).HasColumnName("scope");
            attempt.Property(row => row.AttemptId).HasColumnName("attempt_id").ValueGeneratedNever();
            attempt.Property(row => row.ClientRequestHash).HasColumnName("client_request_hash");
            attempt.Property(row => row.RequestFingerprint).HasColumnName("request_fingerprint");
            attempt.Property(row => row.ProcessingState).HasColumnName("processing_state");
            attempt.Property(row => row.ResultPayload).HasColumnName("result_payload");
            attempt.Property(row => row.CreatedAt).HasColumnName("created_at");
            attempt.Property(row => row.UpdatedAt).HasColumnName("updated_at");
            attempt.Property(row => row.ExpiresAt).HasColumnName("expires_at");
        });

        modelBuilder.Entity<LedgerEntryRow>(entry =>
        {
            entry.ToTable("operation_ledger");
            entry.HasKey(row => new { row.Scope, row.EntryId });
            entry.Property(row => row.Scope).HasColumnName("scope");
            entry.Property(row => row.EntryId).HasColumnName("entry_id").UseIdentityAlwaysColumn();
            entry.Property(row => row.BatchRef).HasColumnName("batch_ref");
            entry.Property(row => row.ActionType).HasColumnName("action_type");
            entry.Property(row => row.RecordedAt).HasColumnName("recorded_at");
        });

        modelBuilder.Entity<InventoryItemRow>(item =>
        {
            item.ToTable("inventory_items");
            item.HasKey(row => new { row.Scope, row.Sku });
            item.Property(row => row.Scope).HasColumnName("scope");
            item.Property(row => row.Sku).HasColumnName("sku");
            item.Property(row => row.Available).HasColumnName("available");
            item.Property(row => row.UpdatedAt).HasColumnName("updated_at");
            item.Property(row => row.Version).IsRowVersion();
        });

        modelBuilder.Entity<ReservationRow>(reservation =>
        {
            reservation.ToTable("reservations");
            reservation.HasKey(row => new { row.Scope, row.ReservationId });
            reservation.Property(row => row.Scope).HasColumnName("scope");
            reservation.Property(row => row.ReservationId).HasColumnName("reservation_id").UseIdentityAlwaysColumn();
            reservation.Property(row => row.AttemptId).HasColumnName("attempt_id");
            reservation.Property(row => row.Sku).HasColumnName("sku");
            reservation.Property(row => row.Quantity).HasColumnName("quantity");
            reservation.Property(row => row.ReservedAt).HasColumnName("reserved_at");
        });
    }
}
