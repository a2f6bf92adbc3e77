namespace LedgerData.Checkout;

/// <summary>A stored checkout attempt: the claim of one idempotency key in one scope, and its result.</summary>
/// <param name="AttemptId">The attempt's id.</param>
/// <param name="Scope">The client the key belongs to.</param>
/// <param name="ClientRequestHash">SHA-256 of scope and key, lowercase hex; the key itself is never stored.</param>
/// <param name="RequestFingerprint">SHA-256 of the request's canonical form, lowercase hex.</param>
/// <param name="State">Where the attempt is in its life.</param>
/// <param name="ResultPayload">The stored result, once the attempt is fulfilled or failed.</param>
/// <param name="CreatedAt">When the key was claimed.</param>
/// <param name="UpdatedAt">When the state last changed.</param>
/// <param name="ExpiresAt">When the attempt may be purged, after which the key is new again.</param>
public sealed record CheckoutAttempt(
    Guid AttemptId,
    string Scope,
    string ClientRequestHash,
    string RequestFingerprint,
    ProcessingState State,
    string? ResultPayload,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset ExpiresAt);
