using System.Text.Json;

namespace LimaCharlie.Emulator.Auth;

/// <summary>
/// The claims of an emulator JWT. Org tokens carry <c>oid</c> (array of one OID) and <c>perms</c> (array);
/// user tokens carry <c>uid</c> and <c>perms</c> as an object OID → array (absent for an <c>oid=-</c> token).
/// </summary>
/// <param name="KeyId">Claim <c>key</c>: id of the API key that minted the token (not its secret).</param>
/// <param name="Ident">Claim <c>ident</c>: key name (org key) or user email (user key).</param>
/// <param name="IssuedAt">Claim <c>iat</c>, Unix seconds.</param>
/// <param name="ExpiresAt">Claim <c>exp</c>, Unix seconds.</param>
/// <param name="Jti">Claim <c>jti</c>, unique per token.</param>
public sealed record TokenClaims(
    string KeyId,
    string Ident,
    long IssuedAt,
    long ExpiresAt,
    string Jti,
    string? Uid,
    IReadOnlyList<string>? Orgs,
    IReadOnlyList<string>? Perms,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? UserPerms)
{
    public bool IsUserToken => Uid is not null;

    /// <summary>The JWT payload (UTF-8 JSON).</summary>
    public byte[] ToPayload()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("iat", IssuedAt);
            json.WriteNumber("exp", ExpiresAt);
            json.WriteString("jti", Jti);
            json.WriteString("key", KeyId);
            json.WriteString("ident", Ident);
            if (IsUserToken)
            {
                json.WriteString("uid", Uid);
                if (UserPerms is not null)
                {
                    json.WriteStartObject("perms");
                    foreach (var (oid, perms) in UserPerms)
                    {
                        WriteArray(json, oid, perms);
                    }

                    json.WriteEndObject();
                }
            }
            else
            {
                WriteArray(json, "oid", Orgs ?? []);
                WriteArray(json, "perms", Perms ?? []);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Parses a payload written by <see cref="ToPayload"/>; null when it is not one.</summary>
    public static TokenClaims? FromPayload(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var uid = root.TryGetProperty("uid", out var uidElement) ? uidElement.GetString() : null;
            var hasPerms = root.TryGetProperty("perms", out var perms);
            return new TokenClaims(
                root.GetProperty("key").GetString()!,
                root.GetProperty("ident").GetString()!,
                root.GetProperty("iat").GetInt64(),
                root.GetProperty("exp").GetInt64(),
                root.GetProperty("jti").GetString()!,
                uid,
                uid is null ? ReadArray(root.GetProperty("oid")) : null,
                uid is null && hasPerms ? ReadArray(perms) : null,
                uid is not null && hasPerms ? ReadObject(perms) : null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return null;
        }
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static List<string> ReadArray(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    private static Dictionary<string, IReadOnlyList<string>> ReadObject(JsonElement obj) =>
        obj.EnumerateObject().ToDictionary(p => p.Name, p => (IReadOnlyList<string>)ReadArray(p.Value), StringComparer.Ordinal);
}
