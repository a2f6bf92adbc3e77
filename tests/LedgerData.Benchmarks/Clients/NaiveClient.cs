using Dapper;
using LedgerData.Checkout;
using Npgsql;

namespace LedgerData.Benchmarks.Clients;

/// <summary>
/// The pattern LedgerData exists to replace: look the key up, and when it is absent run the business change and
/// then record the key, each statement in its own autocommit transaction. Two deliveries of one key that both pass
/// the look-up both reserve stock; the key's record only keeps the later one from failing.
/// </summary>
internal sealed class NaiveClient(NpgsqlDataSource dataSource) : ICheckoutClient
{
    private const string FindAttempt = """
        SELECT request_fingerprint
        FROM checkout_attempts
        WHERE scope = @Scope AND client_request_hash = @Hash
        """;

    private const string Decrement = """
        UPDATE inventory_items
        SET available = available - @Quantity, updated_at = now()
        WHERE scope = @Scope AND sku = @Sku AND available >= @Quantity
        """;

    private const string InsertReservation = """
        INSERT INTO reservations (scope, attempt_id, sku, quantity)
        VALUES (@Scope, @AttemptId, @Sku, @Quantity)
        """;

    private const string RecordAttempt = """
        INSERT INTO checkout_attempts
            (scope, attempt_id, client_request_hash, request_fingerprint, processing_state, result_payload,
             created_at, updated_at, expires_at)
        VALUES (@Scope, @AttemptId, @Hash, @Fingerprint, @State, @Result, @Now, @Now, @ExpiresAt)
        ON CONFLICT (scope, client_request_hash) DO NOTHING
        """;

    public string Implementation => Implementations.Naive;

    public async Task<CheckoutOutcomeKind> SendAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
        var hash = RequestHashes.ClientRequestHash(request);
        var fingerprint = RequestHashes.Fingerprint(request);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        var known = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            FindAttempt, new { request.Scope, Hash = hash }, cancellationToken: cancellationToken));
        if (known is not null)
        {
            return known == fingerprint ? CheckoutOutcomeKind.Replayed : CheckoutOutcomeKind.PayloadMismatch;
        }

        var attemptId = Guid.NewGuid();
        var reserved = true;
        foreach (var line in OrderLines.Read(request.Payload))
        {
            var parameters = new { request.Scope, line.Sku, line.Quantity, AttemptId = attemptId };
            var changed = await connection.ExecuteAsync(
                new CommandDefinition(Decrement, parameters, cancellationToken: cancellationToken));
            if (changed == 0)
            {
                reserved = false;
                break;
            }

            await connection.ExecuteAsync(
                new CommandDefinition(InsertReservation, parameters, cancellationToken: cancellationToken));
        }

        var now = DateTime.UtcNow;
        var state = reserved ? "fulfilled" : "failed";
        await connection.ExecuteAsync(new CommandDefinition(
            RecordAttempt,
            new
            {
                request.Scope, AttemptId = attemptId, Hash = hash, Fingerprint = fingerprint, State = state,
                Result = $$"""{"attemptId":"{{attemptId}}","state":"{{state}}"}""", Now = now,
                ExpiresAt = now.AddHours(24),
            },
            cancellationToken: cancellationToken));
        return reserved ? CheckoutOutcomeKind.Completed : CheckoutOutcomeKind.Rejected;
    }
}
