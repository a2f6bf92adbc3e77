using Microsoft.Extensions.Options;

namespace LedgerData.DependencyInjection;

/// <summary>Refuses options the factories and the processor cannot run with, naming the setting at fault.</summary>
internal sealed class LedgerDataOptionsValidator : IValidateOptions<LedgerDataOptions>
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, LedgerDataOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"LedgerData:Provider must be Sqlite or Postgres; it is {(int)options.Provider}.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("LedgerData:ConnectionString is required: the connection string of the ledger database.");
        }

        RequireWait(failures, nameof(options.LockTimeout), options.LockTimeout);
        RequireWait(failures, nameof(options.InFlightWait), options.InFlightWait);
        if (options.Retention <= TimeSpan.Zero)
        {
            failures.Add($"LedgerData:Retention must be above zero; it is {options.Retention}.");
        }

        if (options.TransientRetryAttempts is < 1 or > 100)
        {
            failures.Add(
                $"LedgerData:TransientRetryAttempts must be 1 to 100; it is {options.TransientRetryAttempts}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireWait(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > LongestWait)
        {
            failures.Add($"LedgerData:{setting} must be above zero and at most {LongestWait}; it is {value}.");
        }
    }
}
