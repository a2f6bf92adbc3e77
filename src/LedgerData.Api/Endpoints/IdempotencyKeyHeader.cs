namespace LedgerData.Api.Endpoints;

/// <summary>The <c>Idempotency-Key</c> request header and its rule: 1 to 255 visible ASCII characters.</summary>
internal static class IdempotencyKeyHeader
{
    /// <summary>The header's name.</summary>
    public const string Name = "Idempotency-Key";

    /// <summary>The longest key accepted.</summary>
    public const int MaxLength = 255;

    /// <summary>
    /// Reads the key: a bare token (<c>Idempotency-Key: 8e03978e</c>) or, as the IETF draft defines the field, a
    /// structured-field string (<c>Idempotency-Key: "8e03978e"</c>); both name the same key. Returns null for a
    /// valid key, or the rule the header breaks, without echoing the key.
    /// </summary>
    public static string? TryRead(Microsoft.Extensions.Primitives.StringValues values, out string key)
    {
        key = string.Empty;
        if (values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return $"The {Name} header is required: 1 to {MaxLength} visible ASCII characters, new for each checkout.";
        }

        if (values.Count > 1)
        {
            return $"Send the {Name} header once; it was sent {values.Count} times.";
        }

        var raw = values[0]!;
        if (raw[0] == '"' && Unquote(raw) is not { } unquoted)
        {
            return $"The {Name} header starts a quoted string that is not well formed.";
        }

        var candidate = raw[0] == '"' ? Unquote(raw)! : raw;
        if (candidate.Length is 0 or > MaxLength)
        {
            return $"The {Name} header must be 1 to {MaxLength} characters; it has {candidate.Length}.";
        }

        var invalid = candidate.AsSpan().IndexOfAnyExceptInRange('\u0021', '\u007e');
        if (invalid >= 0)
        {
            return $"The {Name} header must hold only visible ASCII characters (0x21 to 0x7E); " +
                $"position {invalid} holds another.";
        }

        key = candidate;
        return null;
    }

    // RFC 8941 sf-string: DQUOTE *( unescaped / "\" ( DQUOTE / "\" ) ) DQUOTE.
    private static string? Unquote(string raw)
    {
        if (raw.Length < 2 || raw[^1] != '"')
        {
            return null;
        }

        var text = new System.Text.StringBuilder(raw.Length - 2);
        for (var index = 1; index < raw.Length - 1; index++)
        {
            var character = raw[index];
            if (character == '\\')
            {
                index++;
                if (index == raw.Length - 1 || raw[index] is not ('"' or '\\'))
                {
                    return null;
                }

                character = raw[index];
            }
            else if (character == '"')
            {
                return null;
            }

            text.Append(character);
        }

        return text.ToString();
    }
}
