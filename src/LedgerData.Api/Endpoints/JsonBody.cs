using System.Text.Json;
using LedgerData.Api.Problems;

namespace LedgerData.Api.Endpoints;

/// <summary>Reads a request body that must be one JSON object, answering 400 or 413 when it is not.</summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    /// <summary>Returns the parsed body, or the problem to answer with; the caller disposes the document.</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadObjectAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > Hosting.LedgerDataApi.MaxRequestBodyBytes)
        {
            return (null, ApiProblems.PayloadTooLarge());
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException exception)
        {
            return (null, ApiProblems.InvalidBody("The body is not valid JSON: " + exception.Message));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiProblems.PayloadTooLarge());
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            return (null, ApiProblems.InvalidBody($"The body must be a JSON object; it is {kind}."));
        }

        return (document, null);
    }
}
