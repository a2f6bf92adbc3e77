using LedgerData.Checkout;
using LedgerData.Transactions;

namespace LedgerData.Benchmarks.Clients;

/// <summary>
/// LedgerData's checkout processor with its default step (inventory reservation) and default options.
/// </summary>
internal sealed class LedgerDataClient(IUnitOfWorkFactory factory) : ICheckoutClient
{
    private readonly CheckoutProcessor processor = new(factory);

    public string Implementation => Implementations.LedgerData;

    public async Task<CheckoutOutcomeKind> SendAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
        var outcome = await processor.ProcessAsync(request, cancellationToken);
        return outcome.Kind;
    }
}
