using LedgerData.Api.Endpoints;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LedgerData.Api.OpenApi;

/// <summary>
/// Describes the headers that carry the idempotency contract on <c>POST /checkouts</c>: <c>Location</c> on 201,
/// <c>Idempotent-Replayed</c> on replayed answers, and <c>Retry-After</c> on 409 in-progress and 503.
/// </summary>
internal sealed class ResponseHeadersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.OperationId != CheckoutEndpoints.CreateCheckoutName || operation.Responses is null)
        {
            return Task.CompletedTask;
        }

        AddHeader(operation, "201", "Location", "The checkout's address, /checkouts/{attemptId}.");
        foreach (var status in new[] { "201", "409" })
        {
            AddHeader(operation, status, CheckoutEndpoints.ReplayedHeader,
                "\"true\" when this is the stored answer to an earlier request with the same key and body.");
        }

        foreach (var status in new[] { "409", "503" })
        {
            AddHeader(operation, status, "Retry-After",
                "Seconds to wait before retrying, when the key is still in progress or the database is busy.");
        }

        return Task.CompletedTask;
    }

    private static void AddHeader(OpenApiOperation operation, string status, string name, string description)
    {
        if (operation.Responses!.TryGetValue(status, out var found) && found is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[name] = new OpenApiHeader
            {
                Description = description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }
    }
}
