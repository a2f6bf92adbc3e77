using System.Text.Json;
using LedgerData.Checkout;

namespace LedgerData.Tests.Checkout;

/// <summary>Runs the inner step, but throws after it on the first call, as a bug or a lost dependency would.</summary>
internal sealed class FailingOnceStep(ICheckoutStep inner) : ICheckoutStep
{
    private int calls;

    public void Validate(JsonElement payload) => inner.Validate(payload);

    public async Task<CheckoutStepResult> ExecuteAsync(CheckoutStepContext context, CancellationToken cancellationToken)
    {
        var result = await inner.ExecuteAsync(context, cancellationToken);
        return Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("simulated failure after the step wrote its change")
            : result;
    }
}

/// <summary>Runs the inner step, then holds the transaction open until the test releases it.</summary>
internal sealed class HeldStep(ICheckoutStep inner) : ICheckoutStep
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Validate(JsonElement payload) => inner.Validate(payload);

    public async Task<CheckoutStepResult> ExecuteAsync(CheckoutStepContext context, CancellationToken cancellationToken)
    {
        var result = await inner.ExecuteAsync(context, cancellationToken);
        Entered.TrySetResult();
        await Release.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        return result;
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
