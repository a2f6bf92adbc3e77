using System.Collections.Concurrent;
using System.Text.Json;
using LedgerData.Checkout;

namespace LedgerData.Tests.Api;

/// <summary>
/// The host's real inventory step, except that the first execution of an order the test chose waits, inside the
/// checkout's unit of work, until the test releases it: a deliberately slow checkout, ordered by signals.
/// </summary>
internal sealed class GatedStep : ICheckoutStep
{
    private readonly InventoryReservationStep inner = new();
    private readonly ConcurrentDictionary<string, Gate> gates = new(StringComparer.Ordinal);

    /// <summary>Makes the next execution of <paramref name="orderId"/> wait for the returned gate.</summary>
    public Gate HoldNext(string orderId)
    {
        var gate = new Gate();
        gates[orderId] = gate;
        return gate;
    }

    public void Validate(JsonElement payload) => inner.Validate(payload);

    public async Task<CheckoutStepResult> ExecuteAsync(CheckoutStepContext context, CancellationToken cancellationToken)
    {
        var orderId = context.Payload.GetProperty("orderId").GetString()!;
        if (gates.TryRemove(orderId, out var gate))
        {
            gate.Entered.TrySetResult();
            await gate.Release.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }

        return await inner.ExecuteAsync(context, cancellationToken);
    }

    /// <summary>One held execution: it signals when it starts waiting, and waits for its release.</summary>
    public sealed class Gate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
