using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>Groups (limacharlie-api.md §3.1): user tokens only (401 otherwise); a group is visible to its owners only.</summary>
internal static class GroupEndpoints
{
    public static IEndpointRouteBuilder MapGroups(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/groups", List);
        routes.MapPost("/v1/groups", Create);
        routes.MapGet("/v1/groups/{gid}", Get);
        routes.MapDelete("/v1/groups/{gid}", Delete);
        routes.MapPost("/v1/groups/{gid}/users", (string gid, Caller c, RequestParams p, EmulatorState s) => AddUser(gid, c, p, s, owner: false));
        routes.MapDelete("/v1/groups/{gid}/users", (string gid, Caller c, RequestParams p, EmulatorState s) => RemoveUser(gid, c, p, s, owner: false));
        routes.MapPost("/v1/groups/{gid}/owners", (string gid, Caller c, RequestParams p, EmulatorState s) => AddUser(gid, c, p, s, owner: true));
        routes.MapDelete("/v1/groups/{gid}/owners", (string gid, Caller c, RequestParams p, EmulatorState s) => RemoveUser(gid, c, p, s, owner: true));
        routes.MapPost("/v1/groups/{gid}/orgs", AddOrg);
        routes.MapDelete("/v1/groups/{gid}/orgs", RemoveOrg);
        routes.MapPost("/v1/groups/{gid}/permissions", SetPermissions);
        return routes;
    }

    /// <summary><c>{"groups": [{gid, name}]}</c>: the groups the caller owns.</summary>
    private static IResult List(Caller caller, EmulatorState state)
    {
        caller.RequireUser();
        var groups = state.GroupsOwnedBy(caller.Uid!)
            .Select(g => new Dictionary<string, string> { ["gid"] = g.Gid, ["name"] = g.Name })
            .ToList();
        return EmulatorJson.Ok(new Dictionary<string, object> { ["groups"] = groups });
    }

    /// <summary>Form <c>name</c> → <c>{"success": true, "data": {"gid"}}</c>; the caller is the first owner.</summary>
    private static IResult Create(Caller caller, RequestParams parameters, EmulatorState state)
    {
        caller.RequireUser();
        var group = state.CreateGroup(caller.Uid!, parameters.Get("name") ?? string.Empty);
        return EmulatorJson.Ok(new Dictionary<string, object>
        {
            ["success"] = true,
            ["data"] = new Dictionary<string, string> { ["gid"] = group.Gid },
        });
    }

    private static IResult Get(string gid, Caller caller, EmulatorState state)
    {
        caller.RequireUser();
        return EmulatorJson.Ok(new Dictionary<string, object> { ["group"] = View(state.RequireOwnedGroup(caller.Uid!, gid), state) });
    }

    private static IResult Delete(string gid, Caller caller, EmulatorState state)
    {
        caller.RequireUser();
        state.DeleteGroup(caller.Uid!, gid);
        return EmulatorJson.Success();
    }

    /// <summary>Form <c>member_email</c>, optional <c>invite_missing</c> (any case).</summary>
    private static IResult AddUser(string gid, Caller caller, RequestParams parameters, EmulatorState state, bool owner)
    {
        caller.RequireUser();
        state.AddGroupUser(caller.Uid!, gid, Email(parameters), owner, parameters.GetBool("invite_missing") ?? false);
        return EmulatorJson.Success();
    }

    private static IResult RemoveUser(string gid, Caller caller, RequestParams parameters, EmulatorState state, bool owner)
    {
        caller.RequireUser();
        state.RemoveGroupUser(caller.Uid!, gid, Email(parameters), owner);
        return EmulatorJson.Success();
    }

    /// <summary><c>oid</c> in the form or (Go) the query.</summary>
    private static IResult AddOrg(string gid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        caller.RequireUser();
        state.AddGroupOrg(caller.Uid!, gid, Oid(parameters));
        return EmulatorJson.Success();
    }

    private static IResult RemoveOrg(string gid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        caller.RequireUser();
        state.RemoveGroupOrg(caller.Uid!, gid, Oid(parameters));
        return EmulatorJson.Success();
    }

    /// <summary>Repeated <c>perm</c> (comma-joined accepted); replaces the set, none clears it.</summary>
    private static IResult SetPermissions(string gid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        caller.RequireUser();
        state.SetGroupPermissions(caller.Uid!, gid, parameters.GetList("perm"));
        return EmulatorJson.Success();
    }

    public static Dictionary<string, object> View(Group group, EmulatorState state) => new()
    {
        ["group_id"] = group.Gid,
        ["name"] = group.Name,
        ["owners"] = group.OwnerUids.Select(state.EmailOf).ToList(),
        ["members"] = group.MemberUids.Select(state.EmailOf).ToList(),
        ["orgs"] = group.Oids.Select(oid => new Dictionary<string, string>
        {
            ["org_id"] = oid,
            ["org_name"] = state.FindOrg(oid)?.Name ?? string.Empty,
        }).ToList(),
        ["perms"] = group.Perms,
    };

    private static string Email(RequestParams parameters) =>
        parameters.GetNonEmpty("member_email") ?? throw EmulatorException.BadRequest("member_email is required");

    private static string Oid(RequestParams parameters)
    {
        var oid = parameters.GetNonEmpty("oid") ?? throw EmulatorException.BadRequest("oid is required");
        return Ids.TryNormalizeUuid(oid, out var normalized) ? normalized : throw EmulatorException.BadRequest($"invalid oid: {oid}");
    }
}
