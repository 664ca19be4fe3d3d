using System.Security.Cryptography;

namespace LimaCharlie.Emulator.Infrastructure;

/// <summary>Random identifiers in the formats LimaCharlie uses.</summary>
public static class Ids
{
    private const string Alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>A new UUID in canonical lower-case form (OIDs, secrets, token ids).</summary>
    public static string NewUuid() => Guid.NewGuid().ToString("D");

    /// <summary>A Firebase-like user id: 28 alphanumeric characters.</summary>
    public static string NewUid() => RandomNumberGenerator.GetString(Alphanumeric, 28);

    /// <summary>A short lower-case hex identifier (API key ids).</summary>
    public static string NewHex(int bytes = 8) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>True and the canonical form when <paramref name="value"/> is a UUID.</summary>
    public static bool TryNormalizeUuid(string? value, out string normalized)
    {
        if (value is not null && Guid.TryParse(value, out var guid))
        {
            normalized = guid.ToString("D");
            return true;
        }

        normalized = string.Empty;
        return false;
    }
}
