using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace LimaCharlie.Emulator.Auth;

/// <summary>HS256 JWT signing and verification with a random key of its own (one per server).</summary>
internal sealed class JwtCodec
{
    private static readonly string EncodedHeader = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Sign(byte[] payload)
    {
        var signingInput = EncodedHeader + "." + Base64Url.EncodeToString(payload);
        var signature = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>
    /// Checks the structure, header and signature of <paramref name="token"/>; returns the decoded payload, or null
    /// with <paramref name="error"/> saying why.
    /// </summary>
    public byte[]? Verify(string token, out string? error)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != EncodedHeader)
        {
            error = "invalid token";
            return null;
        }

        if (!TryDecode(parts[1], out var payload) || !TryDecode(parts[2], out var signature))
        {
            error = "invalid token";
            return null;
        }

        var expected = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            error = "invalid token signature";
            return null;
        }

        error = null;
        return payload;
    }

    private static bool TryDecode(string segment, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(segment);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
