using System.Text.Json;
using LedgerData.Benchmarks.Clients;
using LedgerData.Checkout;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LedgerData.Benchmarks.EfCore;

/// <summary>
/// The same checkout written the way EF Core is usually written: a pooled context, a look-up of the key, the stock
/// loaded and changed as tracked entities, and one SaveChanges that writes the attempt, the reservations, the
/// ledger entry and the stock in EF's own transaction. The unique key on (scope, client_request_hash) decides a
/// race between two deliveries, and the loser's whole SaveChanges rolls back; xmin guards the stock rows.
/// </summary>
/// <remarks>
/// The stored result names the attempt and its reservations but not the ledger entry's id, which the database
/// hands out during that same SaveChanges; a second SaveChanges would cost another transaction.
/// </remarks>
internal sealed class EfCoreClient(IDbContextFactory<CheckoutDbContext> contexts) : ICheckoutClient
{
    private const int MaxConcurrencyRetries = 10;

    public string Implementation => Implementations.EfCore;

    public async Task<CheckoutOutcomeKind> SendAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
        var hash = RequestHashes.ClientRequestHash(request);
        var fingerprint = RequestHashes.Fingerprint(request);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var known = await FindAsync(db, request.Scope, hash, cancellationToken);
            if (known is not null)
            {
                return Answer(known, fingerprint);
            }

            try
            {
                return await ExecuteAsync(db, request, hash, fingerprint, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxConcurrencyRetries)
            {
                // Another checkout changed the stock row since it was read; start over with fresh rows.
            }
            catch (DbUpdateException exception) when (IsKeyClaimedByAnother(exception))
            {
                db.ChangeTracker.Clear();
                var winner = await FindAsync(db, request.Scope, hash, cancellationToken);
                return Answer(winner!, fingerprint);
            }
        }
    }

    private static async Task<CheckoutOutcomeKind> ExecuteAsync(
        CheckoutDbContext db, CheckoutRequest request, string hash, string fingerprint,
        CancellationToken cancellationToken)
    {
        var lines = OrderLines.Read(request.Payload);
        var skus = lines.Select(line => line.Sku).ToArray();
        var items = await db.InventoryItems
            .Where(item => item.Scope == request.Scope && skus.Contains(item.Sku))
            .ToDictionaryAsync(item => item.Sku, StringComparer.Ordinal, cancellationToken);

        var now = DateTime.UtcNow;
        var attemptId = Guid.NewGuid();
        var served = lines.All(line => items.TryGetValue(line.Sku, out var item) && item.Available >= line.Quantity);
        if (served)
        {
            foreach (var line in lines)
            {
                var item = items[line.Sku];
                item.Available -= line.Quantity;
                item.UpdatedAt = now;
                db.Reservations.Add(new ReservationRow
                {
                    Scope = request.Scope, AttemptId = attemptId, Sku = line.Sku, Quantity = line.Quantity,
                    ReservedAt = now,
                });
            }

            db.LedgerEntries.Add(new LedgerEntryRow
            {
                Scope = request.Scope, BatchRef = attemptId.ToString(), ActionType = "checkout", RecordedAt = now,
            });
        }

        var state = served ? "fulfilled" : "failed";
        db.Attempts.Add(new AttemptRow
        {
            Scope = request.Scope, AttemptId = attemptId, ClientRequestHash = hash, RequestFingerprint = fingerprint,
            ProcessingState = state, ResultPayload = ResultPayload(attemptId, state, lines.Count),
            CreatedAt = now, UpdatedAt = now, ExpiresAt = now.AddHours(24),
        });
        await db.SaveChangesAsync(cancellationToken);
        return served ? CheckoutOutcomeKind.Completed : CheckoutOutcomeKind.Rejected;
    }

    private static Task<AttemptRow?> FindAsync(
        CheckoutDbContext db, string scope, string hash, CancellationToken cancellationToken)
        => db.Attempts.AsNoTracking()
            .FirstOrDefaultAsync(row => row.Scope == scope && row.ClientRequestHash == hash, cancellationToken);

    private static CheckoutOutcomeKind Answer(AttemptRow known, string fingerprint)
        => known.RequestFingerprint == fingerprint ? CheckoutOutcomeKind.Replayed : CheckoutOutcomeKind.PayloadMismatch;

    private static bool IsKeyClaimedByAnother(DbUpdateException exception)
        => exception.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: "checkout_attempts_scope_client_request_hash_key",
        };

    private static string ResultPayload(Guid attemptId, string state, int lines)
        => JsonSerializer.Serialize(new ResultBody(attemptId, state, lines));

    private sealed record ResultBody(Guid AttemptId, string State, int ReservedLines);
}
