using System.Text;

namespace LimaCharlie.Tests.Infrastructure;

/// <summary>Unsigned JWTs with a chosen payload, for the pure token tests.</summary>
public static class TestJwt
{
    public static string With(string payloadJson) =>
        $"{Encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")}.{Encode(payloadJson)}.c2lnbmF0dXJl";

    public static string WithTimes(DateTimeOffset? issuedAt, DateTimeOffset? expiresAt)
    {
        var fields = new List<string> { "\"ident\":\"test\"" };
        if (issuedAt is { } iat) fields.Add($"\"iat\":{iat.ToUnixTimeSeconds()}");
        if (expiresAt is { } exp) fields.Add($"\"exp\":{exp.ToUnixTimeSeconds()}");
        return With("{" + string.Join(",", fields) + "}");
    }

    private static string Encode(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
