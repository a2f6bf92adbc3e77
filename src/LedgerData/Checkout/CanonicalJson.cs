using System.Globalization;
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

    // Decimal covers every number an order carries exactly (28 digits); removing trailing zeros makes 1.50 and 1.5
    // one value. Beyond decimal's range, the shortest round-trip double is the canonical form.
    private static string CanonicalNumber(JsonElement value)
    {
        if (decimal.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return (number / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
        }

        return value.GetDouble().ToString("R", CultureInfo.InvariantCulture);
    }
}
