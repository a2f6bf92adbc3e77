namespace LedgerData.Checkout;

/// <summary>The answer to a checkout request. Outcomes are values, never exceptions.</summary>
/// <param name="Kind">What became of the request.</param>
/// <param name="AttemptId">The attempt that holds the key; null for <see cref="CheckoutOutcomeKind.InProgress"/>
/// on SQLite, where the waiting request cannot see which attempt holds the write lock.</param>
/// <param name="State">The attempt's state: fulfilled or failed for completed, replayed and rejected requests.</param>
/// <param name="ResultPayload">The stored result, byte for byte the same for every replay; null for a payload
/// mismatch and for a request still in progress.</param>
/// <param name="RejectionReason">The business step's reason code when the attempt failed, such as
/// <c>insufficient-stock</c>.</param>
public sealed record CheckoutOutcome(
    CheckoutOutcomeKind Kind,
    Guid? AttemptId,
    ProcessingState? State,
    string? ResultPayload,
    string? RejectionReason)
{
    /// <summary>True when the stored result is a success (the attempt is fulfilled).</summary>
    public bool IsSuccess => State == ProcessingState.Fulfilled;
}
