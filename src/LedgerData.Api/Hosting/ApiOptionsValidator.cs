using LedgerData.Validation;
using Microsoft.Extensions.Options;

namespace LedgerData.Api.Hosting;

/// <summary>Refuses client lists and purge settings the host cannot run with, naming the entry at fault.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    /// <summary>The shortest API key accepted: shorter keys can be guessed.</summary>
    public const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        for (var index = 0; index < options.Clients.Count; index++)
        {
            var client = options.Clients[index];
            var setting = $"LedgerData:Clients:{index}";
            if (string.IsNullOrWhiteSpace(client.Name) || client.Name.Length > Limits.ScopeMaxLength)
            {
                failures.Add($"{setting}:Name must be 1 to {Limits.ScopeMaxLength} characters.");
            }

            if (string.IsNullOrEmpty(client.ApiKey) || client.ApiKey.Length < MinimumKeyLength)
            {
                failures.Add($"{setting}:ApiKey must be at least {MinimumKeyLength} characters; " +
                    $"it has {client.ApiKey?.Length ?? 0}.");
            }
        }

        if (options.Clients.Select(client => client.Name).Distinct(StringComparer.Ordinal).Count()
            != options.Clients.Count)
        {
            failures.Add("LedgerData:Clients has two clients with one name; each name is a scope of its own.");
        }

        if (options.Clients.Select(client => client.ApiKey).Distinct(StringComparer.Ordinal).Count()
            != options.Clients.Count)
        {
            failures.Add("LedgerData:Clients has two clients with one API key; each client needs its own key.");
        }

        if (options.PurgeInterval <= TimeSpan.Zero)
        {
            failures.Add($"LedgerData:PurgeInterval must be above zero; it is {options.PurgeInterval}.");
        }

        if (options.PurgeBatchSize is < 1 or > 100_000)
        {
            failures.Add($"LedgerData:PurgeBatchSize must be 1 to 100000; it is {options.PurgeBatchSize}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
