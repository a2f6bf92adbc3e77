namespace LedgerData.Api.Problems;

/// <summary>
/// The <c>type</c> of every problem the host answers with: relative URI references under <c>/problems/</c>,
/// stable for good, which clients compare as strings.
/// </summary>
internal static class ProblemTypes
{
    /// <summary>The prefix of every problem type.</summary>
    public const string Prefix = "/problems/";

    /// <summary>401: the X-Api-Key header is missing or belongs to no client.</summary>
    public const string Unauthorized = Prefix + "unauthorized";

    /// <summary>403: the client may not do this.</summary>
    public const string Forbidden = Prefix + "forbidden";

    /// <summary>404: no such resource for this client.</summary>
    public const string NotFound = Prefix + "not-found";

    /// <summary>400: the Idempotency-Key header is missing or malformed.</summary>
    public const string InvalidIdempotencyKey = Prefix + "invalid-idempotency-key";

    /// <summary>400: the body is not the JSON the endpoint takes.</summary>
    public const string InvalidBody = Prefix + "invalid-body";

    /// <summary>400: a path value breaks a rule, such as a SKU that is too long.</summary>
    public const string InvalidRequest = Prefix + "invalid-request";

    /// <summary>413: the body is larger than the host accepts.</summary>
    public const string PayloadTooLarge = Prefix + "payload-too-large";

    /// <summary>422: the idempotency key was used before with another request.</summary>
    public const string PayloadMismatch = Prefix + "payload-mismatch";

    /// <summary>409: a request with the same idempotency key is still running.</summary>
    public const string InProgress = Prefix + "in-progress";

    /// <summary>409: the checkout asks for more than is in stock.</summary>
    public const string InsufficientStock = Prefix + "insufficient-stock";

    /// <summary>409 on checkout, 404 on inventory: the client does not stock this SKU.</summary>
    public const string UnknownSku = Prefix + "unknown-sku";

    /// <summary>503: the database is busy or unreachable; retry later.</summary>
    public const string DatabaseUnavailable = Prefix + "database-unavailable";

    /// <summary>500: the host failed; the log has the detail.</summary>
    public const string InternalError = Prefix + "internal-error";

    /// <summary>405: the path does not take this method.</summary>
    public const string MethodNotAllowed = Prefix + "method-not-allowed";

    /// <summary>415: the body is not sent as <c>application/json</c>.</summary>
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";

    /// <summary>
    /// Gives the problems that ASP.NET Core writes itself (unknown routes, wrong methods or content types) a type
    /// of this host's own instead of a link to the HTTP specification.
    /// </summary>
    public static void ApplyDefault(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        if (problem.Type is not null && problem.Type.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return;
        }

        problem.Type = problem.Status switch
        {
            StatusCodes.Status400BadRequest => InvalidRequest,
            StatusCodes.Status404NotFound => NotFound,
            StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
            StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
            StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
            _ => InternalError,
        };
    }

    /// <summary>The type of a business refusal, from the reason code the checkout step stored.</summary>
    public static string ForRejection(string reason) => Prefix + reason;
}
