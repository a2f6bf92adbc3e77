namespace LedgerData.Checkout;

/// <summary>What became of one checkout request.</summary>
public enum CheckoutOutcomeKind
{
    /// <summary>This request executed the checkout, and its result is the stored one.</summary>
    Completed,

    /// <summary>
    /// An earlier request with the same key and payload finished; its stored result is returned as is.
    /// </summary>
    Replayed,

    /// <summary>The key was used before with a different payload; nothing ran and nothing is revealed.</summary>
    PayloadMismatch,

    /// <summary>Another request with the same key is still running after the in-flight wait; retry later.</summary>
    InProgress,

    /// <summary>This request executed and the business step refused it; the refusal is stored and replayed.</summary>
    Rejected,
}
