using LedgerData.Api.Problems;

namespace LedgerData.Api.Clients;

/// <summary>Admits requests whose <c>X-Api-Key</c> belongs to a client, and answers 401 to all others.</summary>
internal sealed class ApiKeyFilter(ApiClientDirectory directory) : IEndpointFilter
{
    /// <summary>The header that carries the client's key.</summary>
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var values = http.Request.Headers[HeaderName];
        var client = values.Count == 1 ? directory.Find(values[0]) : null;
        if (client is null)
        {
            http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
            return ApiProblems.Unauthorized();
        }

        http.Features.Set(client);
        return await next(context).ConfigureAwait(false);
    }
}
