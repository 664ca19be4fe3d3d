using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>Identity of the caller: <c>GET /v1/who</c> and <c>GET /v1/user/orgs</c>.</summary>
internal static class IdentityEndpoints
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/who", Who);
        routes.MapGet("/v1/user/orgs", UserOrgs);
        return routes;
    }

    /// <summary>Org token: <c>{ident, orgs, perms}</c>; user token: <c>{ident, uid, user_perms}</c>.</summary>
    private static IResult Who(Caller caller)
    {
        var claims = caller.Claims;
        var body = new Dictionary<string, object?> { ["ident"] = claims.Ident };
        if (caller.IsUser)
        {
            body["uid"] = claims.Uid;
            body["user_perms"] = claims.UserPerms ?? new Dictionary<string, IReadOnlyList<string>>();
        }
        else
        {
            body["orgs"] = claims.Orgs;
            body["perms"] = claims.Perms;
        }

        return EmulatorJson.Ok(body);
    }

    /// <summary>
    /// The orgs the user can access now (not as of the token's minting), filtered, sorted and paged:
    /// <c>{"orgs": [...], "total": count after filtering}</c>.
    /// </summary>
    private static IResult UserOrgs(Caller caller, RequestParams parameters, EmulatorState state)
    {
        caller.RequireUser();
        var offset = parameters.GetInt64("offset") ?? 0;
        if (offset < 0)
        {
            throw EmulatorException.BadRequest("offset must not be negative");
        }

        var limit = (int)Math.Clamp(parameters.GetInt64("limit") ?? DefaultLimit, 1, MaxLimit);
        var filter = parameters.GetNonEmpty("filter");
        var fields = parameters.GetList("fields");

        var matching = state.UserOrgs(caller.Uid!)
            .Where(a => filter is null || Matches(a.Org, filter));
        var sorted = Sort(matching, parameters.GetNonEmpty("sort_by"), parameters.GetNonEmpty("sort_order")).ToList();
        var page = sorted
            .Skip((int)Math.Min(offset, int.MaxValue))
            .Take(limit)
            .Select(a => Project(Entry(a), fields))
            .ToList();
        return EmulatorJson.Ok(new Dictionary<string, object> { ["orgs"] = page, ["total"] = sorted.Count });
    }

    private static bool Matches(Organization org, string filter) =>
        org.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || org.Description.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || org.Oid.Contains(filter, StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<UserOrgAccess> Sort(IEnumerable<UserOrgAccess> orgs, string? sortBy, string? sortOrder)
    {
        Func<UserOrgAccess, string> key = (sortBy?.ToLowerInvariant() ?? "name") switch
        {
            "name" => a => a.Org.Name,
            "description" => a => a.Org.Description,
            _ => throw EmulatorException.BadRequest("sort_by must be 'name' or 'description'"),
        };

        var ordered = (sortOrder?.ToLowerInvariant() ?? "asc") switch
        {
            "asc" => orgs.OrderBy(key, StringComparer.OrdinalIgnoreCase),
            "desc" => orgs.OrderByDescending(key, StringComparer.OrdinalIgnoreCase),
            _ => throw EmulatorException.BadRequest("sort_order must be 'asc' or 'desc'"),
        };
        return ordered.ThenBy(a => a.Org.Oid, StringComparer.Ordinal);
    }

    private static Dictionary<string, object?> Entry(UserOrgAccess access) => new()
    {
        ["oid"] = access.Org.Oid,
        ["name"] = access.Org.Name,
        ["description"] = access.Org.Description,
        ["code"] = string.Empty,
        ["status"] = "active",
        ["sensor_online"] = 0,
        ["sensor_quota"] = access.Org.SensorQuota,
        ["sensor_version"] = access.Org.SensorVersion,
        ["permissions"] = access.Grant.Perms,
        ["errors"] = Array.Empty<object>(),
        ["site_name"] = access.Org.SiteName,
        ["is_owner"] = access.Grant.IsOwner,
        ["region"] = access.Org.Location,
    };

    /// <summary>Keeps only the requested <c>fields</c> (Go SDK option); all of them when none are requested.</summary>
    private static Dictionary<string, object?> Project(Dictionary<string, object?> entry, IReadOnlyList<string> fields) =>
        fields.Count == 0 ? entry : entry.Where(kv => fields.Contains(kv.Key)).ToDictionary();
}
