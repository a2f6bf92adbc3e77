using System.Security.Cryptography;
using System.Text;
using LedgerData.Api.Hosting;
using Microsoft.Extensions.Options;

namespace LedgerData.Api.Clients;

/// <summary>Finds the client of an API key, comparing against every known key in constant time.</summary>
internal sealed class ApiClientDirectory
{
    /// <summary>The demo client that applies when no clients are configured; its key is in the README.</summary>
    public static readonly ApiClientOptions Demo = new()
    {
        Name = "demo",
        ApiKey = "ledgerdata-demo-key",
        IsAdmin = true,
    };

    // Longer headers are refused before hashing: no key is this long, and hashing them costs the server.
    private const int LongestKey = 512;

    private readonly (byte[] KeyHash, ApiClient Client)[] entries;

    public ApiClientDirectory(IOptions<ApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value.Clients;
        UsesDemoClient = configured.Count == 0;
        var clients = UsesDemoClient ? [Demo] : configured.ToArray();
        entries = clients
            .Select(client => (Hash(client.ApiKey), new ApiClient(client.Name, client.IsAdmin)))
            .ToArray();
    }

    /// <summary>True when no clients are configured and the demo client is the only one.</summary>
    public bool UsesDemoClient { get; }

    /// <summary>Every client's name, which is its scope.</summary>
    public IEnumerable<string> Scopes => entries.Select(entry => entry.Client.Name);

    /// <summary>Returns the client whose key this is, or null.</summary>
    public ApiClient? Find(string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > LongestKey)
        {
            return null;
        }

        // Comparing fixed-length hashes with FixedTimeEquals, and never stopping at the first match, keeps the
        // time taken independent of how much of a key was right and of which client it belongs to.
        var presented = Hash(apiKey);
        ApiClient? found = null;
        foreach (var (keyHash, client) in entries)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, keyHash))
            {
                found = client;
            }
        }

        return found;
    }

    private static byte[] Hash(string apiKey) => SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
}
