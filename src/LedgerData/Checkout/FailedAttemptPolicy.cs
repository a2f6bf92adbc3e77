namespace LedgerData.Checkout;

/// <summary>What a repeat of a key whose attempt the business step refused gets.</summary>
public enum FailedAttemptPolicy
{
    /// <summary>The refusal is final and replayed like a success, as payment APIs do.</summary>
    Terminal,

    /// <summary>
    /// A repeat takes the failed attempt over (failed → processing) and runs the step again, once, however many
    /// repeats arrive together.
    /// </summary>
    RetryAllowed,
}
