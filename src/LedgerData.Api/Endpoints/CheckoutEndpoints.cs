using System.Globalization;
using LedgerData.Api.Clients;
using LedgerData.Api.Contracts;
using LedgerData.Api.Problems;
using LedgerData.Checkout;
using LedgerData.DependencyInjection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LedgerData.Api.Endpoints;

/// <summary><c>POST /checkouts</c> with Idempotency-Key semantics, and <c>GET /checkouts/{attemptId}</c>.</summary>
internal static class CheckoutEndpoints
{
    /// <summary>The header that marks an answer replayed from the stored result.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>The OpenAPI operation id of <c>POST /checkouts</c>.</summary>
    public const string CreateCheckoutName = "CreateCheckout";

    public static RouteGroupBuilder MapCheckoutEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/checkouts", CreateAsync)
            .WithName(CreateCheckoutName)
            .WithSummary("Reserves stock for an order, exactly once per Idempotency-Key.")
            .Accepts<CheckoutBody>("application/json")
            .Produces<CheckoutResult>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/checkouts/{attemptId:guid}", GetAsync)
            .WithName("GetCheckout")
            .WithSummary("Returns the stored result of one of the client's checkouts.")
            .Produces<CheckoutResult>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http,
        CheckoutProcessor processor,
        IOptions<LedgerDataOptions> options)
    {
        var client = ApiClient.Of(http);
        if (IdempotencyKeyHeader.TryRead(http.Request.Headers[IdempotencyKeyHeader.Name], out var idempotencyKey)
            is { } keyProblem)
        {
            return ApiProblems.InvalidIdempotencyKey(keyProblem);
        }

        var (document, bodyProblem) = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted)
            .ConfigureAwait(false);
        if (document is null)
        {
            return bodyProblem!;
        }

        CheckoutOutcome outcome;
        using (document)
        {
            try
            {
                // No cancellation: a checkout that has begun runs to its end even when the client gives up
                // waiting, so that the client's retry with the same key finds the stored result, and even when the
                // host begins to shut down, which waits for running requests. Lock timeouts bound how long it runs.
                outcome = await processor
                    .ProcessAsync(
                        new CheckoutRequest(client.Name, idempotencyKey, document.RootElement),
                        CancellationToken.None)
                    .ConfigureAwait(false);
            }
            catch (ArgumentException exception)
            {
                // The step's Validate and the processor's own checks throw before any SQL runs: nothing stored.
                return ApiProblems.InvalidBody(exception.Message);
            }
        }

        return ToResponse(http, outcome, options.Value.InFlightWait);
    }

    private static async Task<IResult> GetAsync(HttpContext http, Guid attemptId, CheckoutProcessor processor)
    {
        var client = ApiClient.Of(http);
        var attempt = await processor.FindAttemptAsync(client.Name, attemptId, http.RequestAborted)
            .ConfigureAwait(false);

        // Another client's attempt is as absent as one that never existed: 404, never 403.
        if (attempt is null)
        {
            return ApiProblems.NotFound("This client has no checkout with that id.");
        }

        return attempt.ResultPayload is { } stored
            ? Results.Text(stored, "application/json", null, StatusCodes.Status200OK)
            : Results.Ok(new { attemptId = attempt.AttemptId, state = "processing" });
    }

    private static IResult ToResponse(HttpContext http, CheckoutOutcome outcome, TimeSpan inFlightWait)
    {
        switch (outcome.Kind)
        {
            case CheckoutOutcomeKind.PayloadMismatch:
                return ApiProblems.PayloadMismatch();
            case CheckoutOutcomeKind.InProgress:
                var seconds = Math.Max(1, (int)Math.Ceiling(inFlightWait.TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return ApiProblems.InProgress();
            case CheckoutOutcomeKind.Replayed:
                http.Response.Headers[ReplayedHeader] = "true";
                return StoredResult(http, outcome);
            default:
                return StoredResult(http, outcome);
        }
    }

    // The first answer and every replay come from the stored result alone, so they are the same bytes.
    private static IResult StoredResult(HttpContext http, CheckoutOutcome outcome)
    {
        var stored = outcome.ResultPayload
            ?? throw new InvalidOperationException($"A {outcome.Kind} checkout outcome carries no stored result.");
        if (outcome.State == ProcessingState.Fulfilled)
        {
            http.Response.Headers.Location = "/checkouts/" + outcome.AttemptId;
            return Results.Text(stored, "application/json", null, StatusCodes.Status201Created);
        }

        return Results.Text(
            RejectionProblem.FromStoredResult(stored), "application/problem+json", null, StatusCodes.Status409Conflict);
    }
}
