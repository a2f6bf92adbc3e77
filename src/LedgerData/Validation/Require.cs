using System.Buffers;
using System.Text;

namespace LedgerData.Validation;

/// <summary>
/// Argument rules checked at the public boundary, before any SQL runs. Messages name the argument, the rule and
/// the value's length or the position of the offending character, never the value itself.
/// </summary>
internal static class Require
{
    /// <summary>
    /// Requires one line of text: not null, not blank, at most <paramref name="maxLength"/> characters and no
    /// control characters.
    /// </summary>
    public static string Text(string? value, string parameterName, int maxLength)
    {
        if (value is null)
        {
            throw new ArgumentNullException(parameterName, $"{parameterName} is required.");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{parameterName} must not be empty or blank.", parameterName);
        }

        if (value.Length > maxLength)
        {
            throw new ArgumentException(
                $"{parameterName} must be at most {maxLength} characters; it has {value.Length}.", parameterName);
        }

        var control = value.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        if (control < 0)
        {
            control = value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
        }

        if (control >= 0)
        {
            throw new ArgumentException(
                $"{parameterName} must not contain control characters; it has one at position {control}.",
                parameterName);
        }

        // A lone surrogate is not text: encoders replace it, so two different strings would store and hash alike.
        if (value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') && !IsValidUtf16(value))
        {
            throw new ArgumentException(
                $"{parameterName} must be valid Unicode; it has an unpaired surrogate character.", parameterName);
        }

        return value;
    }

    /// <summary>Requires a whole number within an inclusive range.</summary>
    public static int InRange(int value, string parameterName, int min, int max)
        => value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} must be {min} to {max}.");

    /// <summary>An <see cref="ArgumentException"/> for a rule that the helpers above do not cover.</summary>
    public static ArgumentException Invalid(string parameterName, string message) => new(message, parameterName);

    private static bool IsValidUtf16(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out _, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            text = text[consumed..];
        }

        return true;
    }
}
