using LedgerData.Api.Clients;

namespace LedgerData.Api.Hosting;

/// <summary>The host's own settings, bound from the <c>LedgerData</c> section beside the library's.</summary>
internal sealed class ApiOptions
{
    /// <summary>The API clients; when none are configured, the demo client of the README applies.</summary>
    public IList<ApiClientOptions> Clients { get; } = new List<ApiClientOptions>();

    /// <summary>Whether the host applies pending migration scripts at start; by default only on SQLite.</summary>
    public bool? ApplyMigrations { get; set; }

    /// <summary>Whether the host stocks the demo SKUs for clients that lack them; by default only on SQLite.</summary>
    public bool? SeedDemoData { get; set; }

    /// <summary>How often expired checkout attempts are purged.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many expired attempts one purge statement deletes at most.</summary>
    public int PurgeBatchSize { get; set; } = 500;
}
