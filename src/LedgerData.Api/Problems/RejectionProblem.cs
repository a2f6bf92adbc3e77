using System.Text;
using System.Text.Json;

namespace LedgerData.Api.Problems;

/// <summary>
/// The 409 problem for a business refusal, written only from the stored result so that every replay answers
/// with the very same bytes.
/// </summary>
internal static class RejectionProblem
{
    /// <summary>Builds the problem document from a stored result whose state is <c>failed</c>.</summary>
    public static string FromStoredResult(string storedResult)
    {
        using var stored = JsonDocument.Parse(storedResult);
        var root = stored.RootElement;
        var reason = root.TryGetProperty("reason", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : "rejected";

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", ProblemTypes.ForRejection(reason));
            writer.WriteString("title", TitleOf(reason));
            writer.WriteNumber("status", StatusCodes.Status409Conflict);
            if (root.TryGetProperty("attemptId", out var attemptId) && attemptId.ValueKind == JsonValueKind.String)
            {
                writer.WriteString("instance", "/checkouts/" + attemptId.GetString());
            }

            // The stored fields follow in their stored order: detail, reason and the step's own details.
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals("type") || property.NameEquals("title") || property.NameEquals("status")
                    || property.NameEquals("instance"))
                {
                    continue;
                }

                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string TitleOf(string reason) => reason switch
    {
        "insufficient-stock" => "Insufficient stock",
        "unknown-sku" => "Unknown SKU",
        _ => "Checkout rejected",
    };
}
