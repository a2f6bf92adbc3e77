using LedgerData.Checkout;

namespace LedgerData.Benchmarks.Clients;

/// <summary>
/// One way of running a checkout: LedgerData, EF Core or the naive pattern, all given the same requests.
/// </summary>
internal interface ICheckoutClient
{
    /// <summary>The name results.json gives this implementation.</summary>
    string Implementation { get; }

    Task<CheckoutOutcomeKind> SendAsync(CheckoutRequest request, CancellationToken cancellationToken);
}
