using LedgerData.Api.Diagnostics;
using LedgerData.Errors;
using Microsoft.AspNetCore.Diagnostics;

namespace LedgerData.Api.Problems;

/// <summary>
/// Answers 503 with <c>Retry-After</c> when the database stayed busy or unreachable through LedgerData's own
/// retries, or the host is shutting down, and 500 with a stable problem type for anything else, which it logs.
/// </summary>
internal sealed class TransientDatabaseExceptionHandler(
    IProblemDetailsService problemDetails, ILogger<TransientDatabaseExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        // A request cut short by shutdown changed nothing (its unit of work rolled back), so the client may retry.
        var transient = exception is LedgerDataException { IsTransient: true } or OperationCanceledException;
        if (!transient)
        {
            // Since .NET 8 an exception that a handler handles is not logged by the framework; "its log has the
            // detail" must stay true.
            ApiLog.UnhandledRequestFailure(logger, exception, httpContext.TraceIdentifier);
        }

        httpContext.Response.StatusCode = transient
            ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status500InternalServerError;
        if (transient)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Type = transient ? ProblemTypes.DatabaseUnavailable : ProblemTypes.InternalError,
                Title = transient ? "Database unavailable" : "Internal error",
                Status = httpContext.Response.StatusCode,
                Detail = transient
                    ? "The database is busy or unreachable. Retry after the Retry-After delay."
                    : "The request failed on the server; its log has the detail.",
            },
        }).ConfigureAwait(false);
    }
}
