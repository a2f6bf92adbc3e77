using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LedgerData.Api.Problems;

/// <summary>The host's problem responses, one method per problem type.</summary>
internal static class ApiProblems
{
    public static IResult Unauthorized() => Problem(
        StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Unauthorized",
        "Send the client's API key in the X-Api-Key header.");

    public static IResult Forbidden(string detail) => Problem(
        StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden", detail);

    public static IResult NotFound(string detail) => Problem(
        StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", detail);

    public static IResult UnknownSku(string detail) => Problem(
        StatusCodes.Status404NotFound, ProblemTypes.UnknownSku, "Unknown SKU", detail);

    public static IResult InvalidIdempotencyKey(string detail) => Problem(
        StatusCodes.Status400BadRequest, ProblemTypes.InvalidIdempotencyKey, "Invalid Idempotency-Key", detail);

    public static IResult InvalidBody(string detail) => Problem(
        StatusCodes.Status400BadRequest, ProblemTypes.InvalidBody, "Invalid request body", detail);

    public static IResult InvalidRequest(string detail) => Problem(
        StatusCodes.Status400BadRequest, ProblemTypes.InvalidRequest, "Invalid request", detail);

    public static IResult PayloadTooLarge() => Problem(
        StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "Request body too large",
        string.Create(CultureInfo.InvariantCulture,
            $"The body may be at most {Hosting.LedgerDataApi.MaxRequestBodyBytes} bytes."));

    public static IResult PayloadMismatch() => Problem(
        StatusCodes.Status422UnprocessableEntity, ProblemTypes.PayloadMismatch, "Idempotency key reused",
        "This Idempotency-Key was used before with a different request. Send a new key for a new request.");

    public static IResult InProgress() => Problem(
        StatusCodes.Status409Conflict, ProblemTypes.InProgress, "Request in progress",
        "A request with this Idempotency-Key (on SQLite: any other write) is still running. " +
        "Retry after the Retry-After delay.");

    public static IResult DatabaseUnavailable(string detail) => Problem(
        StatusCodes.Status503ServiceUnavailable, ProblemTypes.DatabaseUnavailable, "Database unavailable", detail);

    private static ProblemHttpResult Problem(int status, string type, string title, string detail)
        => TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type);
}
