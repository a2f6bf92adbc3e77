namespace LedgerData.Api.Endpoints;

/// <summary>The <c>Idempotency-Key</c> request header and its rule: 1 to 255 visible ASCII characters.</summary>
internal static class IdempotencyKeyHeader
{
    /// <summary>The header's name.</summary>
    public const string Name = "Idempotency-Key";

    /// <summary>The longest key accepted.</summary>
    public const int MaxLength = 255;

    /// <summary>Returns null for a valid key, or the rule the header breaks, without echoing the key.</summary>
    public static string? Check(Microsoft.Extensions.Primitives.StringValues values)
    {
        if (values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return $"The {Name} header is required: 1 to {MaxLength} visible ASCII characters, new for each checkout.";
        }

        if (values.Count > 1)
        {
            return $"Send the {Name} header once; it was sent {values.Count} times.";
        }

        var key = values[0]!;
        if (key.Length > MaxLength)
        {
            return $"The {Name} header must be at most {MaxLength} characters; it has {key.Length}.";
        }

        var invalid = key.AsSpan().IndexOfAnyExceptInRange('\u0021', '\u007e');
        return invalid >= 0
            ? $"The {Name} header must hold only visible ASCII characters (0x21 to 0x7E); " +
                $"position {invalid} holds another."
            : null;
    }
}
