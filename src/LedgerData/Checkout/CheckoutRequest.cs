using System.Text.Json;

namespace LedgerData.Checkout;

/// <summary>One checkout as a client sent it.</summary>
/// <param name="Scope">The calling client; idempotency keys and records belong to it.</param>
/// <param name="IdempotencyKey">The client's key for this checkout: 1 to 255 visible ASCII characters.</param>
/// <param name="Payload">The request body. Its canonical form is what makes two requests the same request.</param>
public sealed record CheckoutRequest(string Scope, string IdempotencyKey, JsonElement Payload);
