using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LedgerData.Validation;

namespace LedgerData.Checkout;

/// <summary>
/// The two hashes that identify a request: <see cref="ClientRequestHash"/> says which key it claims, and
/// <see cref="RequestFingerprint"/> says whether it is the same request as the one that claimed it first.
/// </summary>
internal sealed record RequestIdentity(string ClientRequestHash, string RequestFingerprint)
{
    public const int IdempotencyKeyMaxLength = 255;

    // Throws on invalid text instead of replacing it, so that two different scopes can never hash alike.
    private static readonly UTF8Encoding StrictUtf8 =
        new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Validates the request's scope and key and computes both hashes; no SQL runs before this.</summary>
    public static RequestIdentity Of(CheckoutRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require.Text(request.Scope, nameof(request.Scope), Limits.ScopeMaxLength);
        ValidateKey(request.IdempotencyKey);
        if (request.Payload.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("Payload is required.", nameof(request));
        }

        return new RequestIdentity(
            HashScopeAndKey(request.Scope, request.IdempotencyKey),
            Hex(SHA256.HashData(CanonicalJson.Write(request.Payload))));
    }

    /// <summary>
    /// Requires 1 to 255 visible ASCII characters (0x21 to 0x7E): no spaces, no control characters, nothing that
    /// a proxy might rewrite.
    /// </summary>
    public static void ValidateKey(string? key)
    {
        const string name = nameof(CheckoutRequest.IdempotencyKey);
        if (key is null)
        {
            throw Require.Invalid(name, "IdempotencyKey is required.");
        }

        if (key.Length is 0 or > IdempotencyKeyMaxLength)
        {
            throw Require.Invalid(
                name, $"IdempotencyKey must be 1 to {IdempotencyKeyMaxLength} characters; it has {key.Length}.");
        }

        var invalid = key.AsSpan().IndexOfAnyExceptInRange('\u0021', '\u007e');
        if (invalid >= 0)
        {
            throw Require.Invalid(
                name, $"IdempotencyKey must be visible ASCII characters (0x21 to 0x7E); position {invalid} is not.");
        }
    }

    // Each part is preceded by its length in bytes, so ("ab", "c") and ("a", "bc") hash different inputs: no two
    // different (scope, key) pairs can meet by concatenation.
    private static string HashScopeAndKey(string scope, string key)
    {
        var scopeBytes = StrictUtf8.GetBytes(scope);
        var keyBytes = Encoding.ASCII.GetBytes(key);
        var buffer = new ArrayBufferWriter<byte>(8 + scopeBytes.Length + keyBytes.Length);
        WritePart(buffer, scopeBytes);
        WritePart(buffer, keyBytes);
        return Hex(SHA256.HashData(buffer.WrittenSpan));

        static void WritePart(ArrayBufferWriter<byte> buffer, byte[] part)
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), part.Length);
            buffer.Advance(4);
            buffer.Write(part);
        }
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
