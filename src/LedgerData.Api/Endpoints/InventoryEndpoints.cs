using System.Text.Json;
using LedgerData.Api.Clients;
using LedgerData.Api.Contracts;
using LedgerData.Api.Problems;
using LedgerData.Inventory;
using LedgerData.Transactions;

namespace LedgerData.Api.Endpoints;

/// <summary>
/// <c>GET</c> and <c>PUT /inventory/{sku}</c>: the calling client's own stock. A PUT is an upsert, idempotent by
/// HTTP semantics, so it takes no Idempotency-Key.
/// </summary>
internal static class InventoryEndpoints
{
    public static RouteGroupBuilder MapInventoryEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/inventory/{sku}", GetAsync)
            .WithName("GetInventory")
            .WithSummary("Returns how many of a SKU the client can reserve.")
            .Produces<InventoryLevel>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/inventory/{sku}", SetAsync)
            .WithName("SetInventory")
            .WithSummary("Sets the available quantity of a SKU; admin clients only.")
            .Accepts<StockUpdate>("application/json")
            .Produces<InventoryLevel>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }

    private static async Task<IResult> GetAsync(HttpContext http, string sku, IUnitOfWorkFactory factory)
    {
        var client = ApiClient.Of(http);
        int? available;
        try
        {
            available = await factory
                .ReadAsync(
                    (unitOfWork, token) =>
                        new InventoryRepository(unitOfWork).GetAvailableAsync(client.Name, sku, token),
                    cancellationToken: http.RequestAborted)
                .ConfigureAwait(false);
        }
        catch (ArgumentException exception)
        {
            return ApiProblems.InvalidRequest(exception.Message);
        }

        return available is { } quantity
            ? TypedResults.Ok(new InventoryLevel(sku, quantity))
            : ApiProblems.UnknownSku("This client does not stock that SKU.");
    }

    private static async Task<IResult> SetAsync(HttpContext http, string sku, IUnitOfWorkFactory factory)
    {
        var client = ApiClient.Of(http);
        if (!client.IsAdmin)
        {
            return ApiProblems.Forbidden("Only admin clients may set stock levels.");
        }

        var (document, problem) = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted)
            .ConfigureAwait(false);
        if (document is null)
        {
            return problem!;
        }

        int available;
        using (document)
        {
            if (!document.RootElement.TryGetProperty("available", out var value)
                || value.ValueKind != JsonValueKind.Number
                || !value.TryGetInt32(out available)
                || available < 0)
            {
                return ApiProblems.InvalidBody("The body must be { \"available\": n } with n a whole number from 0.");
            }
        }

        try
        {
            await factory
                .RunAsync(
                    async (unitOfWork, token) =>
                    {
                        await new InventoryRepository(unitOfWork)
                            .SetAvailableAsync(client.Name, sku, available, token)
                            .ConfigureAwait(false);
                        return true;
                    },
                    cancellationToken: http.RequestAborted)
                .ConfigureAwait(false);
        }
        catch (ArgumentException exception)
        {
            return ApiProblems.InvalidRequest(exception.Message);
        }

        return TypedResults.Ok(new InventoryLevel(sku, available));
    }
}
