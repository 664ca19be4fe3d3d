using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// Installation keys (limacharlie-api.md §3.4). Key objects: <c>{iid, desc, key, json_key, tags: "a,b",
/// created, use_public_root_ca}</c>, <c>created</c> alternating per key between an integer epoch and a
/// <c>YYYY-MM-DD HH:MM:SS</c> string (<see cref="InstallationKey.CreatedAsEpoch"/>).
/// </summary>
internal static class InstallationKeyEndpoints
{
    public static IEndpointRouteBuilder MapInstallationKeys(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/installationkeys/{oid}", List);
        routes.MapGet("/v1/installationkeys/{oid}/{iid}", Get);
        routes.MapPost("/v1/installationkeys/{oid}", Set);
        routes.MapDelete("/v1/installationkeys/{oid}", Delete);
        return routes;
    }

    /// <summary><c>GET /v1/installationkeys/{oid}</c>, <c>ikey.list</c>: <c>{"&lt;oid&gt;": {"&lt;iid&gt;": key}}</c>.</summary>
    private static IResult List(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.IkeyList);
        var keys = state.InstallationKeys(org.Oid).ToDictionary(k => k.Iid, SensorViews.InstallationKey);
        return EmulatorJson.Ok(new Dictionary<string, object> { [org.Oid] = keys });
    }

    /// <summary><c>GET /v1/installationkeys/{oid}/{iid}</c>, <c>ikey.list</c>: the key object; 404 if unknown.</summary>
    private static IResult Get(string oid, string iid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.IkeyList);
        var key = state.FindInstallationKey(org.Oid, iid) ?? throw NotFound();
        return EmulatorJson.Ok(SensorViews.InstallationKey(key));
    }

    /// <summary>
    /// <c>POST /v1/installationkeys/{oid}</c>, <c>ikey.set</c>: form <c>desc</c> (required), <c>tags</c> (repeated or
    /// comma-joined), <c>use_public_root_ca</c> (boolean, any case), optional <c>iid</c> (update, or create with that
    /// id), optional <c>quota</c>. Answers <c>{"iid": "..."}</c>.
    /// </summary>
    private static IResult Set(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.IkeySet);
        var description = parameters.GetNonEmpty("desc") ?? throw EmulatorException.BadRequest("desc is required");
        var key = state.SetInstallationKey(org.Oid, new InstallationKeySpec
        {
            Iid = parameters.GetNonEmpty("iid"),
            Description = description,
            Tags = parameters.GetList("tags"),
            UsePublicRootCa = parameters.GetBool("use_public_root_ca") ?? false,
            Quota = parameters.GetInt64("quota"),
        });
        return EmulatorJson.Ok(new Dictionary<string, string> { ["iid"] = key.Iid });
    }

    /// <summary><c>DELETE /v1/installationkeys/{oid}</c>, <c>ikey.del</c>: form (or query) <c>iid</c>; 404 if unknown.</summary>
    private static IResult Delete(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, OrgPermissions.IkeyDel);
        var iid = parameters.GetNonEmpty("iid") ?? throw EmulatorException.BadRequest("iid is required");
        return state.DeleteInstallationKey(org.Oid, iid.Trim()) ? EmulatorJson.Success() : throw NotFound();
    }

    private static EmulatorException NotFound() => EmulatorException.NotFound("installation key not found");
}
