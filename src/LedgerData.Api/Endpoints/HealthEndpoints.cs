using LedgerData.Api.Contracts;
using LedgerData.Api.Problems;
using LedgerData.Errors;
using LedgerData.Transactions;

namespace LedgerData.Api.Endpoints;

/// <summary><c>GET /health</c>: 200 when the database answers a query in a unit of work, 503 otherwise.</summary>
internal static class HealthEndpoints
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", CheckAsync)
            .WithName("Health")
            .WithSummary("Answers whether the database answers; needs no API key.")
            .Produces<HealthReport>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<IResult> CheckAsync(IUnitOfWorkFactory factory, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        try
        {
            // A read-only unit of work: on SQLite it does not queue behind the writer, which is no outage.
            await factory
                .ReadAsync(
                    (unitOfWork, token) => unitOfWork.QuerySingleOrDefaultAsync<int>("SELECT 1", null, token),
                    TransientRetryPolicy.None,
                    deadline.Token)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is LedgerDataException or OperationCanceledException
            or InvalidOperationException or System.Data.Common.DbException or IOException)
        {
            return ApiProblems.DatabaseUnavailable("The database did not answer: " + exception.GetType().Name + ".");
        }

        return TypedResults.Ok(new HealthReport("healthy", factory.Provider.ToString()));
    }
}
