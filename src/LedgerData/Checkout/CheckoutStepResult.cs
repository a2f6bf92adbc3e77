using System.Text.Json.Nodes;

namespace LedgerData.Checkout;

/// <summary>
/// What a checkout step reports. Its details become part of the stored result, after <c>attemptId</c> and
/// <c>state</c> and, for a success, before <c>ledgerEntryId</c>.
/// </summary>
public sealed record CheckoutStepResult
{
    private CheckoutStepResult(bool succeeded, string? reason, string? detail, JsonObject details)
    {
        Succeeded = succeeded;
        Reason = reason;
        Detail = detail;
        Details = details;
    }

    /// <summary>True when the step made its change.</summary>
    public bool Succeeded { get; }

    /// <summary>For a refusal, a stable reason code such as <c>insufficient-stock</c>.</summary>
    public string? Reason { get; }

    /// <summary>For a refusal, one sentence for the client.</summary>
    public string? Detail { get; }

    /// <summary>Step-specific fields of the stored result.</summary>
    public JsonObject Details { get; }

    /// <summary>The names the processor writes into every stored result; step details cannot use them.</summary>
    public static IReadOnlySet<string> ReservedNames { get; } =
        new HashSet<string>(["attemptId", "state", "ledgerEntryId", "reason", "detail"], StringComparer.Ordinal);

    /// <summary>The step made its change.</summary>
    public static CheckoutStepResult Success(JsonObject details)
        => new(true, null, null, RequireOwnNames(details));

    /// <summary>The step refused the checkout and wrote nothing.</summary>
    public static CheckoutStepResult Rejected(string reason, string detail, JsonObject? details = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(detail);
        return new CheckoutStepResult(false, reason, detail, RequireOwnNames(details ?? []));
    }

    // A stored result with a name twice has no one meaning, so a step cannot shadow the processor's fields.
    private static JsonObject RequireOwnNames(JsonObject details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var reserved = details.Select(property => property.Key).FirstOrDefault(ReservedNames.Contains);
        return reserved is null
            ? details
            : throw new ArgumentException(
                $"Step details cannot use '{reserved}': the processor writes it into every stored result.",
                nameof(details));
    }
}
