using System.Diagnostics;
using System.Diagnostics.Metrics;
using LedgerData.Checkout;

namespace LedgerData.Diagnostics;

/// <summary>Counters per checkout outcome and a duration histogram, on the <c>LedgerData</c> meter.</summary>
internal sealed class CheckoutMetrics
{
    public const string MeterName = "LedgerData";

    private static readonly Meter SharedMeter = new(MeterName);

    private readonly Counter<long> completed;
    private readonly Counter<long> replayed;
    private readonly Counter<long> mismatched;
    private readonly Counter<long> inProgress;
    private readonly Counter<long> rejected;
    private readonly Histogram<double> duration;

    public CheckoutMetrics(IMeterFactory? meterFactory)
    {
        var meter = meterFactory?.Create(MeterName) ?? SharedMeter;
        completed = meter.CreateCounter<long>("ledgerdata.checkout.completed", "{checkout}", "Checkouts executed.");
        replayed = meter.CreateCounter<long>(
            "ledgerdata.checkout.replayed", "{checkout}", "Repeats answered with the stored result.");
        mismatched = meter.CreateCounter<long>(
            "ledgerdata.checkout.payload_mismatch", "{checkout}", "Keys reused with a different request.");
        inProgress = meter.CreateCounter<long>(
            "ledgerdata.checkout.in_progress", "{checkout}", "Repeats that found their key still running.");
        rejected = meter.CreateCounter<long>(
            "ledgerdata.checkout.rejected", "{checkout}", "Checkouts the business step refused.");
        duration = meter.CreateHistogram<double>(
            "ledgerdata.checkout.duration", "s", "Time to answer a checkout request, retries included.");
    }

    public void Record(CheckoutOutcomeKind kind, TimeSpan elapsed)
    {
        var counter = kind switch
        {
            CheckoutOutcomeKind.Completed => completed,
            CheckoutOutcomeKind.Replayed => replayed,
            CheckoutOutcomeKind.PayloadMismatch => mismatched,
            CheckoutOutcomeKind.InProgress => inProgress,
            _ => rejected,
        };
        counter.Add(1);
        duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", OutcomeTag(kind)));
    }

    public static ActivitySource ActivitySource { get; } = new(MeterName);

    private static string OutcomeTag(CheckoutOutcomeKind kind) => kind switch
    {
        CheckoutOutcomeKind.Completed => "completed",
        CheckoutOutcomeKind.Replayed => "replayed",
        CheckoutOutcomeKind.PayloadMismatch => "payload_mismatch",
        CheckoutOutcomeKind.InProgress => "in_progress",
        _ => "rejected",
    };
}
