using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LedgerData.Checkout;

namespace LedgerData.Benchmarks.Clients;

/// <summary>
/// The key hash and payload fingerprint that the EF Core and naive implementations store, computed the way a
/// hand-written implementation would: SHA-256 of length-prefixed scope and key, SHA-256 of the payload text.
/// </summary>
internal static class RequestHashes
{
    public static string ClientRequestHash(CheckoutRequest request)
    {
        var scope = Encoding.UTF8.GetBytes(request.Scope);
        var key = Encoding.ASCII.GetBytes(request.IdempotencyKey);
        var buffer = new byte[8 + scope.Length + key.Length];
        BinaryPrimitives.WriteInt32BigEndian(buffer, scope.Length);
        scope.CopyTo(buffer, 4);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(4 + scope.Length), key.Length);
        key.CopyTo(buffer, 8 + scope.Length);
        return Convert.ToHexStringLower(SHA256.HashData(buffer));
    }

    public static string Fingerprint(CheckoutRequest request)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Payload.GetRawText())));
}
