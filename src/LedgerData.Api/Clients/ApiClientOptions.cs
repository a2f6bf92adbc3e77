namespace LedgerData.Api.Clients;

/// <summary>One configured API client: its name is the scope of its keys, stock and checkouts.</summary>
internal sealed class ApiClientOptions
{
    /// <summary>The client's name, which is the scope of everything it stores.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The secret the client sends in <c>X-Api-Key</c>.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>Whether the client may set its own stock levels.</summary>
    public bool IsAdmin { get; set; }
}
