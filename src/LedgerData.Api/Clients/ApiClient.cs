namespace LedgerData.Api.Clients;

/// <summary>The client a request authenticated as.</summary>
/// <param name="Name">The client's name: the scope of its keys, stock and checkouts.</param>
/// <param name="IsAdmin">Whether it may set its own stock levels.</param>
internal sealed record ApiClient(string Name, bool IsAdmin)
{
    /// <summary>The client that <see cref="ApiKeyFilter"/> put on the request.</summary>
    public static ApiClient Of(HttpContext context)
        => context.Features.Get<ApiClient>()
            ?? throw new InvalidOperationException("The endpoint is not behind the API key filter.");
}
