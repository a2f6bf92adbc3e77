namespace LedgerData.Tests.Api;

/// <summary>
/// Sits inside the resilience pipeline, so it sees every try of a request: it counts them, records how each ended,
/// and signals when the second try of the current request goes out.
/// </summary>
internal sealed class AttemptObserver : DelegatingHandler
{
    private int attempts;

    public TaskCompletionSource SecondAttemptSent { get; private set; } = NewSignal();

    public List<string> Outcomes { get; } = [];

    public int Attempts => Volatile.Read(ref attempts);

    /// <summary>Starts counting afresh for the next logical request.</summary>
    public void Reset()
    {
        Volatile.Write(ref attempts, 0);
        SecondAttemptSent = NewSignal();
        lock (Outcomes)
        {
            Outcomes.Clear();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref attempts) == 2)
        {
            SecondAttemptSent.TrySetResult();
        }

        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            Record(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        }
        catch (OperationCanceledException)
        {
            Record("cancelled");
            throw;
        }
    }

    private void Record(string outcome)
    {
        lock (Outcomes)
        {
            Outcomes.Add(outcome);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
