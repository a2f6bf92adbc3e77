namespace LedgerData.Checkout;

/// <summary>Where a checkout attempt is in its life: pending → processing → fulfilled | failed.</summary>
public enum ProcessingState
{
    /// <summary>The idempotency key is claimed; nothing has run yet.</summary>
    Pending,

    /// <summary>The business step is running.</summary>
    Processing,

    /// <summary>The step succeeded; terminal, the stored result never changes again.</summary>
    Fulfilled,

    /// <summary>The step refused the checkout; terminal unless failed attempts may be retried.</summary>
    Failed,
}
