using LedgerData.Dialects;
using LedgerData.Transactions;
using LedgerData.Validation;

namespace LedgerData.Inventory;

/// <summary>Stock per scope and SKU, and reservations against it, inside the caller's unit of work.</summary>
public sealed class InventoryRepository
{
    /// <summary>The longest SKU accepted; migration 002 holds the column to the same bound.</summary>
    public const int SkuMaxLength = 100;

    /// <summary>The most units one order line may ask for.</summary>
    public const int MaxQuantity = 1_000_000;

    /// <summary>The most lines one order may have.</summary>
    public const int MaxLines = 100;

    private const string UpsertSql = """
        INSERT INTO inventory_items (scope, sku, available, updated_at)
        VALUES (@Scope, @Sku, @Available, @Now)
        ON CONFLICT (scope, sku) DO UPDATE
        SET available = excluded.available, updated_at = excluded.updated_at
        """;

    private const string SelectAvailableSql = """
        SELECT available
        FROM inventory_items
        WHERE scope = @Scope AND sku = @Sku
        """;

    // Every order locks its rows in the same order (by SKU), so two orders over the same SKUs wait for each other
    // instead of deadlocking, whatever order their lines came in.
    private const string LockPostgresSql = """
        SELECT sku AS Sku, available AS Available
        FROM inventory_items
        WHERE scope = @Scope AND sku = ANY(@Skus)
        ORDER BY sku
        FOR UPDATE
        """;

    // SQLite has no row locks; the write lock that BEGIN IMMEDIATE took already keeps every other writer out.
    private const string LockSqliteSql = """
        SELECT sku AS Sku, available AS Available
        FROM inventory_items
        WHERE scope = @Scope AND sku IN @Skus
        ORDER BY sku
        """;

    // One round trip for all lines: unnest pairs the two arrays up line by line.
    private const string ReservePostgresSql = """
        UPDATE inventory_items AS item
        SET available = item.available - line.quantity, updated_at = @Now
        FROM unnest(@Skus, @Quantities) AS line(sku, quantity)
        WHERE item.scope = @Scope AND item.sku = line.sku;
        INSERT INTO reservations (scope, attempt_id, sku, quantity, reserved_at)
        SELECT @Scope, @AttemptId, line.sku, line.quantity, @Now
        FROM unnest(@Skus, @Quantities) AS line(sku, quantity)
        """;

    // Run once per line; in-process SQLite has no round trips to save.
    private const string ReserveSqliteSql = """
        UPDATE inventory_items
        SET available = available - @Quantity, updated_at = @Now
        WHERE scope = @Scope AND sku = @Sku;
        INSERT INTO reservations (scope, attempt_id, sku, quantity, reserved_at)
        VALUES (@Scope, @AttemptId, @Sku, @Quantity, @Now)
        """;

    private readonly IUnitOfWork unitOfWork;
    private readonly SqlDialect dialect;
    private readonly TimeProvider timeProvider;

    /// <summary>Creates the repository over the unit of work that all its statements run in.</summary>
    public InventoryRepository(IUnitOfWork unitOfWork, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(unitOfWork);
        this.unitOfWork = unitOfWork;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        dialect = SqlDialect.For(unitOfWork.Provider);
    }

    /// <summary>Sets the available quantity of a SKU, creating the SKU when it is new (an upsert).</summary>
    public Task SetAvailableAsync(
        string scope, string sku, int available, CancellationToken cancellationToken = default)
    {
        Require.Text(scope, nameof(scope), Limits.ScopeMaxLength);
        Require.Text(sku, nameof(sku), SkuMaxLength);
        ArgumentOutOfRangeException.ThrowIfNegative(available);

        return unitOfWork.ExecuteAsync(
            UpsertSql,
            new { Scope = scope, Sku = sku, Available = available, Now = dialect.ToDatabase(timeProvider.GetUtcNow()) },
            cancellationToken);
    }

    /// <summary>Returns the available quantity of a SKU, or null when the scope does not stock it.</summary>
    public Task<int?> GetAvailableAsync(string scope, string sku, CancellationToken cancellationToken = default)
    {
        Require.Text(scope, nameof(scope), Limits.ScopeMaxLength);
        Require.Text(sku, nameof(sku), SkuMaxLength);

        return unitOfWork.QuerySingleOrDefaultAsync<int?>(
            SelectAvailableSql, new { Scope = scope, Sku = sku }, cancellationToken);
    }

    /// <summary>
    /// Locks the order's SKU rows in one fixed order, checks that every line can be served, and then decrements
    /// the stock and records one reservation per line for the attempt; a refusal writes nothing. Lines for the same
    /// SKU count together.
    /// </summary>
    public async Task<ReservationResult> ReserveAsync(
        string scope, Guid attemptId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken = default)
    {
        Require.Text(scope, nameof(scope), Limits.ScopeMaxLength);
        var wanted = Merge(lines);

        var skus = wanted.Keys.ToArray();
        var lockSql = dialect.Provider == DatabaseProvider.Postgres ? LockPostgresSql : LockSqliteSql;
        var rows = await unitOfWork.QueryAsync<StockRow>(lockSql, new { Scope = scope, Skus = skus }, cancellationToken)
            .ConfigureAwait(false);
        var stocked = rows.ToDictionary(row => row.Sku, row => row.Available, StringComparer.Ordinal);

        foreach (var (sku, requested) in wanted)
        {
            if (!stocked.TryGetValue(sku, out var available))
            {
                return new ReservationResult(false, ReservationResult.UnknownSku, sku, requested, 0);
            }

            if (available < requested)
            {
                return new ReservationResult(false, ReservationResult.InsufficientStock, sku, requested, available);
            }
        }

        var now = dialect.ToDatabase(timeProvider.GetUtcNow());
        var id = dialect.ToDatabase(attemptId);
        if (dialect.Provider == DatabaseProvider.Postgres)
        {
            await unitOfWork.ExecuteAsync(
                    ReservePostgresSql,
                    new { Scope = scope, AttemptId = id, Skus = skus, Quantities = wanted.Values.ToArray(), Now = now },
                    cancellationToken)
                .ConfigureAwait(false);
        }
        else
        {
            var perLine = wanted
                .Select(line => new { Scope = scope, AttemptId = id, Sku = line.Key, Quantity = line.Value, Now = now })
                .ToArray();
            await unitOfWork.ExecuteAsync(ReserveSqliteSql, perLine, cancellationToken).ConfigureAwait(false);
        }

        return ReservationResult.Success;
    }

    /// <summary>Validates the lines and adds up the quantities per SKU, in the order SKUs first appear.</summary>
    internal static Dictionary<string, int> Merge(IReadOnlyList<OrderLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count is 0 or > MaxLines)
        {
            throw Require.Invalid(nameof(lines), $"An order must have 1 to {MaxLines} lines; it has {lines.Count}.");
        }

        var merged = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < lines.Count; index++)
        {
            var line = lines[index] ?? throw Require.Invalid(nameof(lines), $"Line {index} of the order is missing.");
            Require.Text(line.Sku, $"lines[{index}].Sku", SkuMaxLength);
            if (line.Quantity is < 1 or > MaxQuantity)
            {
                throw Require.Invalid(
                    nameof(lines), $"lines[{index}].Quantity must be 1 to {MaxQuantity}; it is {line.Quantity}.");
            }

            var total = merged.GetValueOrDefault(line.Sku) + line.Quantity;
            if (total > MaxQuantity)
            {
                throw Require.Invalid(
                    nameof(lines),
                    $"The lines for one SKU must add up to at most {MaxQuantity}; they add up to {total}.");
            }

            merged[line.Sku] = total;
        }

        return merged;
    }

    private sealed class StockRow
    {
        public string Sku { get; init; } = string.Empty;

        public int Available { get; init; }
    }
}
