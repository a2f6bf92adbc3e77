namespace LedgerData.Checkout;

/// <summary>The answer to claiming an idempotency key.</summary>
/// <param name="Claimed">True when this unit of work created the attempt; false when the key was taken.</param>
/// <param name="Attempt">The attempt that holds the key, locked by this unit of work until it ends.</param>
public sealed record AttemptClaim(bool Claimed, CheckoutAttempt Attempt);
