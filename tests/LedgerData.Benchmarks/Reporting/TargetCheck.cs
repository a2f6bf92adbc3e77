namespace LedgerData.Benchmarks.Reporting;

/// <summary>One of issue 5's targets, and whether this run met it.</summary>
internal sealed record TargetCheck(string Target, bool? Met, string Detail)
{
    public string Verdict => Met switch
    {
        true => "met",
        false => "missed",
        null => "not measured",
    };
}
