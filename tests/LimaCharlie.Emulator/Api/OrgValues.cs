using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>Org config values (limacharlie-api.md §3.11); names limited to <see cref="ConfigCatalog.OrgValueNames"/> (else 400).</summary>
internal static class OrgValueEndpoints
{
    public static IEndpointRouteBuilder MapOrgValues(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/configs/{oid}/{name}", Get);
        routes.MapPost("/v1/configs/{oid}/{name}", Set);
        return routes;
    }

    /// <summary><c>GET /v1/configs/{oid}/{name}</c>, <c>org.conf.get</c>: <c>{"config", "value"}</c>; 404 <c>config not found</c> when never set.</summary>
    private static IResult Get(string oid, string name, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.OrgConfGet);
        var value = state.FindOrgValue(org.Oid, name) ?? throw EmulatorException.NotFound("config not found");
        return EmulatorJson.Ok(new Dictionary<string, string> { ["config"] = name, ["value"] = value });
    }

    /// <summary><c>POST /v1/configs/{oid}/{name}</c>, <c>org.conf.set</c>: form <c>value</c> (required, may be empty); <c>{"success": true}</c>.</summary>
    private static IResult Set(string oid, string name, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.OrgConfSet);
        var value = parameters.Get("value") ?? throw EmulatorException.BadRequest("value is required");
        state.SetOrgValue(org.Oid, name, value);
        return EmulatorJson.Success();
    }
}
