using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// The JWT endpoint (jwt.limacharlie.io), served at the root: <c>POST /</c> with a form (parameters in the query
/// string are accepted too) or <c>GET /?oid=...&amp;secret=...</c>. Answers <c>{"jwt": "..."}</c>.
/// </summary>
internal static class JwtEndpoints
{
    public static IEndpointRouteBuilder MapJwt(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods(EmulatorPaths.Jwt, [HttpMethods.Get, HttpMethods.Post], Mint);
        return routes;
    }

    private static IResult Mint(RequestParams parameters, TokenIssuer issuer)
    {
        var token = issuer.Mint(new MintRequest(
            parameters.Get("oid"),
            parameters.Get("uid"),
            parameters.Get("secret"),
            parameters.Get("expiry"),
            parameters.GetList("perms")));
        return EmulatorJson.Ok(new Dictionary<string, string> { ["jwt"] = token });
    }
}
