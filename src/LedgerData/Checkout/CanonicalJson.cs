using System.Globalization;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using LedgerData.Validation;

namespace LedgerData.Checkout;

/// <summary>
/// One text for all the ways of writing the same JSON value: object properties sorted by name (ordinal),
/// no insignificant whitespace, numbers in one notation (<c>1.50</c>, <c>1.5</c> and <c>15e-1</c> are all
/// <c>1.5</c>), strings with one escaping. Two requests are the same request exactly when these bytes are equal.
/// </summary>
internal static class CanonicalJson
{
    private const string PayloadName = nameof(CheckoutRequest.Payload);

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    public static byte[] Write(JsonElement value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            WriteValue(writer, value);
        }

        return stream.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                string? previous = null;
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    // A repeated name has no one meaning (parsers keep the first, the last, or fail), so it cannot
                    // have one canonical form either.
                    if (previous == property.Name)
                    {
                        throw Require.Invalid(
                            PayloadName, $"The payload repeats the property name '{property.Name}' in one object.");
                    }

                    previous = property.Name;
                    writer.WritePropertyName(property.Name);
                    WriteValue(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(CanonicalNumber(value), skipInputValidation: true);
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(value.GetString());
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                writer.WriteBooleanValue(value.GetBoolean());
                break;
            case JsonValueKind.Null:
                writer.WriteNullValue();
                break;
            default:
                throw Require.Invalid(PayloadName, $"The payload holds a {value.ValueKind} value, which JSON has not.");
        }
    }

    // Every JSON number is exactly digits × 10^exponent. Writing it as the significant digits, without leading or
    // trailing zeros, and the exponent that remains makes one text per value, whatever its size or precision:
    // 1.50, 1.5 and 15e-1 all become 15e-1, and -0 becomes 0. No conversion to a binary type rounds anything.
    private static string CanonicalNumber(JsonElement value)
    {
        var raw = value.GetRawText().AsSpan();
        var negative = raw[0] == '-';
        if (negative)
        {
            raw = raw[1..];
        }

        var exponentMark = raw.IndexOfAny('e', 'E');
        var exponent = exponentMark < 0
            ? BigInteger.Zero
            : BigInteger.Parse(raw[(exponentMark + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = exponentMark < 0 ? raw : raw[..exponentMark];

        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa.ToString() : string.Concat(mantissa[..point], mantissa[(point + 1)..]);
        if (point >= 0)
        {
            exponent -= mantissa.Length - point - 1;
        }

        var significant = digits.TrimStart('0');
        if (significant.Length == 0)
        {
            return "0";
        }

        var trimmed = significant.TrimEnd('0');
        exponent += significant.Length - trimmed.Length;
        var sign = negative ? "-" : string.Empty;
        return exponent.IsZero
            ? sign + trimmed
            : string.Create(CultureInfo.InvariantCulture, $"{sign}{trimmed}e{exponent}");
    }
}
