using System.Text.Json;

namespace LedgerData.Checkout;

/// <summary>
/// The business change a checkout makes, run inside the checkout's unit of work so that it commits or rolls
/// back together with the idempotency claim and the stored result.
/// </summary>
public interface ICheckoutStep
{
    /// <summary>
    /// Refuses a payload this step cannot run, before any SQL: throws <see cref="ArgumentException"/> naming the
    /// rule it breaks.
    /// </summary>
    void Validate(JsonElement payload);

    /// <summary>Makes the change, or refuses it with <see cref="CheckoutStepResult.Rejected"/>.</summary>
    /// <remarks>A refusal must leave nothing written; an exception rolls back everything, the claim included.</remarks>
    Task<CheckoutStepResult> ExecuteAsync(CheckoutStepContext context, CancellationToken cancellationToken);
}
